package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A request to change a port; absent fields stay as they are. {@code status} is a status report
 * (blueprint 3), {@code dataPlane} a data-plane status report (blueprint 4); each has its own
 * policy rule. {@code securityGroups}, when present, replaces the port's groups.
 */
public record PortUpdate(
    Optional<String> name,
    Optional<String> description,
    Optional<String> deviceId,
    Optional<String> deviceOwner,
    Optional<String> hostId,
    Optional<List<FixedIp>> fixedIps,
    Optional<Boolean> adminStateUp,
    Optional<PortStatus> status,
    DataPlaneChange dataPlane,
    Optional<List<SecurityGroupId>> securityGroups) {
  public PortUpdate {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(deviceId, "deviceId is null");
    requireNonNull(deviceOwner, "deviceOwner is null");
    requireNonNull(hostId, "hostId is null");
    fixedIps = requireNonNull(fixedIps, "fixedIps is null").map(List::copyOf);
    requireNonNull(adminStateUp, "adminStateUp is null");
    requireNonNull(status, "status is null");
    requireNonNull(dataPlane, "dataPlane is null");
    securityGroups = requireNonNull(securityGroups, "securityGroups is null").map(List::copyOf);
    Limits.check("name", name, Limits.NAME);
    Limits.check("description", description, Limits.DESCRIPTION);
    Limits.check("device_id", deviceId, Limits.DEVICE);
    Limits.check("device_owner", deviceOwner, Limits.DEVICE);
    Limits.check("binding:host_id", hostId, Limits.HOST);
  }

  /** A change that leaves the port's security groups as they are. */
  public PortUpdate(
      Optional<String> name,
      Optional<String> description,
      Optional<String> deviceId,
      Optional<String> deviceOwner,
      Optional<String> hostId,
      Optional<List<FixedIp>> fixedIps,
      Optional<Boolean> adminStateUp,
      Optional<PortStatus> status,
      DataPlaneChange dataPlane) {
    this(
        name,
        description,
        deviceId,
        deviceOwner,
        hostId,
        fixedIps,
        adminStateUp,
        status,
        dataPlane,
        Optional.empty());
  }

  public static PortUpdate none() {
    return new PortUpdate(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DataPlaneChange.keep());
  }

  public static PortUpdate status(PortStatus status) {
    PortUpdate none = none();
    return new PortUpdate(
        none.name,
        none.description,
        none.deviceId,
        none.deviceOwner,
        none.hostId,
        none.fixedIps,
        none.adminStateUp,
        Optional.of(status),
        none.dataPlane);
  }

  public static PortUpdate dataPlane(DataPlaneChange change) {
    PortUpdate none = none();
    return new PortUpdate(
        none.name,
        none.description,
        none.deviceId,
        none.deviceOwner,
        none.hostId,
        none.fixedIps,
        none.adminStateUp,
        none.status,
        change);
  }

  public static PortUpdate name(String name) {
    PortUpdate none = none();
    return new PortUpdate(
        Optional.of(name),
        none.description,
        none.deviceId,
        none.deviceOwner,
        none.hostId,
        none.fixedIps,
        none.adminStateUp,
        none.status,
        none.dataPlane);
  }

  public static PortUpdate fixedIps(List<FixedIp> fixedIps) {
    PortUpdate none = none();
    return new PortUpdate(
        none.name,
        none.description,
        none.deviceId,
        none.deviceOwner,
        none.hostId,
        Optional.of(fixedIps),
        none.adminStateUp,
        none.status,
        none.dataPlane);
  }

  /** Whether the request touches attributes governed by the plain {@code update_port} rule. */
  public boolean changesAttributes() {
    return name.isPresent()
        || description.isPresent()
        || deviceId.isPresent()
        || deviceOwner.isPresent()
        || fixedIps.isPresent()
        || adminStateUp.isPresent()
        || securityGroups.isPresent();
  }

  public boolean reportsDataPlane() {
    return !(dataPlane instanceof DataPlaneChange.Keep);
  }

  public Port applyTo(Port port) {
    return port.withAttributes(
            name.orElse(port.name()),
            description.orElse(port.description()),
            deviceId.orElse(port.deviceId()),
            deviceOwner.orElse(port.deviceOwner()),
            fixedIps.orElse(port.fixedIps()),
            adminStateUp.orElse(port.adminStateUp()))
        .withHostId(hostId.orElse(port.hostId()))
        .withStatus(status.orElse(port.status()))
        .withDataPlaneStatus(dataPlane.applyTo(port.dataPlaneStatus()));
  }
}
