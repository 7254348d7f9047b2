package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Neutron port. {@code hostId} is the binding host ({@code binding:host_id}), empty when the port
 * is unbound, as Neutron shows it. {@code revisionNumber} moves on with every change.
 */
public record Port(
    PortId id,
    String name,
    String description,
    NetworkId networkId,
    String projectId,
    String deviceId,
    String deviceOwner,
    String hostId,
    String macAddress,
    List<FixedIp> fixedIps,
    boolean adminStateUp,
    PortStatus status,
    Optional<DataPlaneStatus> dataPlaneStatus,
    long revisionNumber,
    Instant createdAt,
    Instant updatedAt) {
  public Port {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(networkId, "networkId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(deviceId, "deviceId is null");
    requireNonNull(deviceOwner, "deviceOwner is null");
    requireNonNull(hostId, "hostId is null");
    requireNonNull(macAddress, "macAddress is null");
    fixedIps = List.copyOf(requireNonNull(fixedIps, "fixedIps is null"));
    requireNonNull(status, "status is null");
    requireNonNull(dataPlaneStatus, "dataPlaneStatus is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** The same port with the addresses its subnets gave it. */
  public Port withFixedIps(List<FixedIp> addresses) {
    return new Port(
        id,
        name,
        description,
        networkId,
        projectId,
        deviceId,
        deviceOwner,
        hostId,
        macAddress,
        addresses,
        adminStateUp,
        status,
        dataPlaneStatus,
        revisionNumber,
        createdAt,
        updatedAt);
  }

  /** Whether the seed's {@code dp_down} view of the data-plane status is true. */
  public boolean dataPlaneDown() {
    return dataPlaneStatus.orElse(null) == DataPlaneStatus.DOWN;
  }

  public Port withStatus(PortStatus newStatus) {
    return new Port(
        id,
        name,
        description,
        networkId,
        projectId,
        deviceId,
        deviceOwner,
        hostId,
        macAddress,
        fixedIps,
        adminStateUp,
        newStatus,
        dataPlaneStatus,
        revisionNumber,
        createdAt,
        updatedAt);
  }

  public Port withDataPlaneStatus(Optional<DataPlaneStatus> newStatus) {
    return new Port(
        id,
        name,
        description,
        networkId,
        projectId,
        deviceId,
        deviceOwner,
        hostId,
        macAddress,
        fixedIps,
        adminStateUp,
        status,
        newStatus,
        revisionNumber,
        createdAt,
        updatedAt);
  }

  public Port withHostId(String newHostId) {
    return new Port(
        id,
        name,
        description,
        networkId,
        projectId,
        deviceId,
        deviceOwner,
        newHostId,
        macAddress,
        fixedIps,
        adminStateUp,
        status,
        dataPlaneStatus,
        revisionNumber,
        createdAt,
        updatedAt);
  }

  public Port withAttributes(
      String newName,
      String newDescription,
      String newDeviceId,
      String newDeviceOwner,
      List<FixedIp> newFixedIps,
      boolean newAdminStateUp) {
    return new Port(
        id,
        newName,
        newDescription,
        networkId,
        projectId,
        newDeviceId,
        newDeviceOwner,
        hostId,
        macAddress,
        newFixedIps,
        newAdminStateUp,
        status,
        dataPlaneStatus,
        revisionNumber,
        createdAt,
        updatedAt);
  }

  /** This port as changed at {@code now}: the revision moves on by one. */
  public Port revisedAt(Instant now) {
    return new Port(
        id,
        name,
        description,
        networkId,
        projectId,
        deviceId,
        deviceOwner,
        hostId,
        macAddress,
        fixedIps,
        adminStateUp,
        status,
        dataPlaneStatus,
        revisionNumber + 1,
        createdAt,
        now);
  }

  /** Whether anything a caller can change differs (revision and timestamps aside). */
  public boolean sameStateAs(Port other) {
    return name.equals(other.name)
        && description.equals(other.description)
        && deviceId.equals(other.deviceId)
        && deviceOwner.equals(other.deviceOwner)
        && hostId.equals(other.hostId)
        && fixedIps.equals(other.fixedIps)
        && adminStateUp == other.adminStateUp
        && status == other.status
        && dataPlaneStatus.equals(other.dataPlaneStatus);
  }
}
