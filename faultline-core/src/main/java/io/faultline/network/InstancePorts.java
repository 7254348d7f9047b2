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
   * host}, owned by {@code compute:nova}, with the project's security groups named (by name or id)
   * in {@code securityGroups}, or its default group (made in {@code tx} if need be: run the
   * transaction with {@link PortSecurityGroups#retryingOnRace}). A network that does not exist or
   * that the project may not use (neither its own nor shared) is a 400 naming it, as is a group the
   * project has not; nothing is created.
   */
  List<Port> createServerPorts(
      Transaction tx,
      String projectId,
      String deviceId,
      String host,
      List<NetworkId> networks,
      List<String> securityGroups);

  /** {@link #createServerPorts} with the project's default security group. */
  default List<Port> createServerPorts(
      Transaction tx, String projectId, String deviceId, String host, List<NetworkId> networks) {
    return createServerPorts(tx, projectId, deviceId, host, networks, List.of());
  }

  /** Binds every port of {@code deviceId} to {@code host} (evacuation); returns the moved ports. */
  List<Port> rebindDevicePorts(Transaction tx, String deviceId, String host);

  /**
   * The fixed addresses and security group names of the ports of each of {@code deviceIds}, by
   * device id, read once for all; a device without ports is absent.
   */
  Map<String, ServerPorts> serverPortsOf(Transaction tx, List<String> deviceIds);

  /** Deletes every port of {@code deviceId}; returns how many there were. */
  int deleteDevicePorts(Transaction tx, String deviceId);
}
