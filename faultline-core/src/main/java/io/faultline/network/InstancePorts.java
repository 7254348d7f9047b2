package io.faultline.network;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;

/**
 * What compute needs from the network: the ports of its servers. Every method joins the caller's
 * transaction, so a server and its ports are created, moved and deleted together. Callers have
 * already authorized the server operation; these calls check no policy.
 */
public interface InstancePorts {
  String COMPUTE_DEVICE_OWNER = "compute:nova";

  /**
   * Creates one port per network for server {@code deviceId} of {@code projectId}, bound to {@code
   * host}, owned by {@code compute:nova}. A network that does not exist or that the project may not
   * use (neither its own nor shared) is a 400 naming it, and nothing is created.
   */
  List<Port> createServerPorts(
      Transaction tx, String projectId, String deviceId, String host, List<NetworkId> networks);

  /** Binds every port of {@code deviceId} to {@code host} (evacuation); returns the moved ports. */
  List<Port> rebindDevicePorts(Transaction tx, String deviceId, String host);

  /**
   * The fixed addresses of the ports of each of {@code deviceIds}, by device id, oldest port first;
   * a device without addresses is absent.
   */
  Map<String, List<ServerAddress>> addressesOf(Transaction tx, List<String> deviceIds);

  /** Deletes every port of {@code deviceId}; returns how many there were. */
  int deleteDevicePorts(Transaction tx, String deviceId);
}
