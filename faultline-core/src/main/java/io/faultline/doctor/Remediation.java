package io.faultline.doctor;

import io.faultline.cause.Cause;
import io.faultline.host.HostId;
import java.util.List;
import java.util.Optional;

/**
 * What the loop does to a host's compute and network resources to handle a fault, each call acting
 * for {@code cause}. A host's compute and network changes commit in one transaction whose
 * notifications are published right after it commits.
 */
public interface Remediation {
  /** What one step changed: ids of the instances and ports it touched. */
  record Touched(List<String> instances, List<String> ports) {
    public static final Touched NOTHING = new Touched(List.of(), List.of());

    public Touched {
      instances = List.copyOf(instances);
      ports = List.copyOf(ports);
    }
  }

  /** Where a host stands before the loop acts on it. */
  sealed interface HostCondition {
    /** The store knows no compute service of that name. */
    record Unknown() implements HostCondition {}

    /** Enabled: the loop may fence it and force it down. */
    record InService() implements HostCondition {}

    /** Disabled by an operator (maintenance): never fenced. */
    record InMaintenance(Optional<String> reason) implements HostCondition {}
  }

  HostCondition condition(HostId host);

  /**
   * The host-down report in one transaction: the service forced down, its instances stopped and,
   * when {@code dataPlaneDown}, its ports' data plane DOWN.
   */
  Touched hostDown(HostId host, boolean dataPlaneDown, Cause cause);

  /**
   * Lifts the force (the service follows heartbeats) and, when asked, sets the data plane ACTIVE.
   */
  Touched hostUp(HostId host, boolean dataPlaneUp, Cause cause);

  /** Sets the data plane of every port bound to the host; returns the ids of ports changed. */
  List<String> hostDataPlane(HostId host, boolean up, Cause cause);

  /** Sets one port's data plane; returns its id when it changed. */
  List<String> portDataPlane(String portId, boolean up, Cause cause);
}
