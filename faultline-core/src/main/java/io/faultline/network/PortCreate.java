package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A request to create a port. {@code projectId} defaults to the caller's project, {@code hostId}
 * (binding) to unbound, {@code macAddress} to a generated one. There is no data-plane status here:
 * it is reported on existing ports only. Absent {@code securityGroups} means the project's default
 * group.
 */
public record PortCreate(
    NetworkId networkId,
    Optional<String> projectId,
    String name,
    String description,
    String deviceId,
    String deviceOwner,
    Optional<String> hostId,
    Optional<String> macAddress,
    List<FixedIp> fixedIps,
    boolean adminStateUp,
    Optional<List<SecurityGroupId>> securityGroups) {
  public PortCreate {
    requireNonNull(networkId, "networkId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(deviceId, "deviceId is null");
    requireNonNull(deviceOwner, "deviceOwner is null");
    requireNonNull(hostId, "hostId is null");
    requireNonNull(macAddress, "macAddress is null");
    fixedIps = List.copyOf(requireNonNull(fixedIps, "fixedIps is null"));
    securityGroups = requireNonNull(securityGroups, "securityGroups is null").map(List::copyOf);
    Limits.check("project_id", projectId, Limits.PROJECT);
    Limits.check("name", name, Limits.NAME);
    Limits.check("description", description, Limits.DESCRIPTION);
    Limits.check("device_id", deviceId, Limits.DEVICE);
    Limits.check("device_owner", deviceOwner, Limits.DEVICE);
    Limits.check("binding:host_id", hostId, Limits.HOST);
  }

  /** A port that names no security groups. */
  public PortCreate(
      NetworkId networkId,
      Optional<String> projectId,
      String name,
      String description,
      String deviceId,
      String deviceOwner,
      Optional<String> hostId,
      Optional<String> macAddress,
      List<FixedIp> fixedIps,
      boolean adminStateUp) {
    this(
        networkId,
        projectId,
        name,
        description,
        deviceId,
        deviceOwner,
        hostId,
        macAddress,
        fixedIps,
        adminStateUp,
        Optional.empty());
  }

  /** A port on {@code networkId} with defaults for everything else. */
  public static PortCreate on(NetworkId networkId) {
    return new PortCreate(
        networkId,
        Optional.empty(),
        "",
        "",
        "",
        "",
        Optional.empty(),
        Optional.empty(),
        List.of(),
        true);
  }
}
