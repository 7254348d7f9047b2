package io.faultline.inspector;

import java.util.List;

/**
 * What the inspector does to a host's compute and network resources. Each call is one transaction
 * whose notifications are published right after it commits.
 */
public interface HostActions {
  /** The host-down report: the service forced down, its instances stopped; returns their ids. */
  List<String> forceDown(String hostname);

  /** Lifts the force so the service state follows heartbeats again. */
  void liftForceDown(String hostname);

  /** Sets the data plane of every port bound to the host; returns the ids of ports changed. */
  List<String> setHostDataPlane(String hostname, boolean up);

  /** Sets one port's data plane; returns its id when it changed. */
  List<String> setPortDataPlane(String portId, boolean up);
}
