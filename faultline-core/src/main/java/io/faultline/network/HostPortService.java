package io.faultline.network;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import io.faultline.bus.OutboxRelay;
import io.faultline.cause.Cause;
import io.faultline.error.FaultlineException;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Port operations by host or device, for the platform rather than for API callers: compute's server
 * ports ({@link InstancePorts}) and the inspector's host-wide data-plane report. The callers have
 * authorized the operation that leads here, so no policy is checked.
 */
public final class HostPortService implements InstancePorts {
  private final NetworkStore store;
  private final Transactor transactor;
  private final OutboxRelay outbox;
  private final InstantSource clock;
  private final IpAllocator allocator;
  private final PortSecurityGroups securityGroups;

  /** Server ports without security groups: for benchmarks of the data plane alone. */
  public HostPortService(
      NetworkStore store, Transactor transactor, OutboxRelay outbox, InstantSource clock) {
    this(store, transactor, outbox, clock, PortSecurityGroups.NONE);
  }

  public HostPortService(
      NetworkStore store,
      Transactor transactor,
      OutboxRelay outbox,
      InstantSource clock,
      PortSecurityGroups securityGroups) {
    this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.allocator = new IpAllocator(store);
  }

  /** Sets the data-plane status of every port bound to {@code host}, in its own transaction. */
  public List<Port> setDataPlaneStatusOnHost(String host, Optional<DataPlaneStatus> status) {
    return transactor.inTransaction(
        tx -> setDataPlaneStatusOnHost(tx, host, status, Optional.empty()));
  }

  /** The same within {@code tx}, with no cause. */
  public List<Port> setDataPlaneStatusOnHost(
      Transaction tx, String host, Optional<DataPlaneStatus> status) {
    return setDataPlaneStatusOnHost(tx, host, status, Optional.empty());
  }

  /**
   * Sets the data-plane status of every port bound to {@code host} within {@code tx}: each locked
   * port whose status differs is revised here, and the changed ones are saved in one batched write
   * with their notifications; ports already in that status are neither written nor announced; the
   * notifications carry {@code cause}. Returns the changed ports.
   */
  public List<Port> setDataPlaneStatusOnHost(
      Transaction tx, String host, Optional<DataPlaneStatus> status, Optional<Cause> cause) {
    requireNonNull(cause, "cause is null");
    requireNonNull(host, "host is null");
    requireNonNull(status, "status is null");
    if (host.isEmpty()) {
      throw FaultlineException.badRequest("host must not be empty");
    }
    Instant now = clock.instant();
    List<Port> changed = new ArrayList<>();
    List<Notification> notifications = new ArrayList<>();
    for (Port port : store.portsOnHostForUpdate(tx, host)) {
      if (!port.dataPlaneStatus().equals(status)) {
        Port revised = port.withDataPlaneStatus(status).revisedAt(now);
        changed.add(revised);
        notifications.addAll(PortNotifications.update(port, revised, now));
      }
    }
    // Decided here, port by port; the store saves the changed ones in one batched statement.
    store.saveDataPlaneStatuses(tx, changed);
    if (cause.isPresent()) {
      outbox.enqueue(tx, cause.get(), notifications);
    } else {
      outbox.enqueue(tx, notifications);
    }
    return changed;
  }

  /**
   * Sets one port's data-plane status (the inspector's {@code network.port.down/up}), in its own
   * transaction. Returns the port when it changed; an unknown port is a 404.
   */
  public Optional<Port> setPortDataPlaneStatus(
      PortId id, Optional<DataPlaneStatus> status, Optional<Cause> cause) {
    requireNonNull(id, "id is null");
    requireNonNull(cause, "cause is null");
    requireNonNull(status, "status is null");
    return transactor.inTransaction(
        tx -> {
          Port port =
              store
                  .findPortForUpdate(tx, id)
                  .orElseThrow(
                      () -> FaultlineException.notFound("Port " + id + " could not be found."));
          if (port.dataPlaneStatus().equals(status)) {
            return Optional.<Port>empty();
          }
          Instant now = clock.instant();
          Port revised = port.withDataPlaneStatus(status).revisedAt(now);
          store.updatePorts(tx, List.of(revised));
          List<Notification> notifications = PortNotifications.update(port, revised, now);
          if (cause.isPresent()) {
            outbox.enqueue(tx, cause.get(), notifications);
          } else {
            outbox.enqueue(tx, notifications);
          }
          return Optional.of(revised);
        });
  }

  @Override
  public List<Port> createServerPorts(
      Transaction tx,
      String projectId,
      String deviceId,
      String host,
      List<NetworkId> networks,
      List<String> groups) {
    requireNonNull(projectId, "projectId is null");
    requireNonNull(deviceId, "deviceId is null");
    requireNonNull(host, "host is null");
    List<Port> ports = new ArrayList<>(networks.size());
    for (NetworkId networkId : networks) {
      Network network =
          store
              .findNetwork(tx, networkId)
              .filter(n -> n.shared() || n.projectId().equals(projectId))
              .orElseThrow(
                  () ->
                      FaultlineException.badRequest(
                          "Network " + networkId + " could not be found."));
      Port port =
          newPort(
              network.id(),
              projectId,
              "",
              "",
              deviceId,
              COMPUTE_DEVICE_OWNER,
              host,
              Optional.empty(),
              List.of(),
              true,
              PortStatus.ACTIVE);
      ports.add(port.withFixedIps(allocator.allocate(tx, network.id(), port.id(), List.of())));
    }
    store.insertPorts(tx, ports);
    securityGroups.saveForServer(tx, projectId, ports, groups);
    return ports;
  }

  @Override
  public List<Port> rebindDevicePorts(Transaction tx, String deviceId, String host) {
    requireNonNull(host, "host is null");
    Instant now = clock.instant();
    List<Port> moved =
        devicePorts(tx, deviceId).stream()
            .filter(port -> !port.hostId().equals(host))
            .map(port -> port.withHostId(host).revisedAt(now))
            .toList();
    store.updatePorts(tx, moved);
    return moved;
  }

  @Override
  public int deleteDevicePorts(Transaction tx, String deviceId) {
    List<PortId> ids = devicePorts(tx, deviceId).stream().map(Port::id).toList();
    store.deletePorts(tx, ids);
    return ids.size();
  }

  @Override
  public Map<String, ServerPorts> serverPortsOf(Transaction tx, List<String> deviceIds) {
    Map<String, List<ServerAddress>> addresses = new HashMap<>();
    Map<String, List<String>> groups = new HashMap<>();
    Map<NetworkId, String> networkNames = new HashMap<>();
    for (int from = 0; from < deviceIds.size(); from += DEVICES_PER_QUERY) {
      List<String> chunk =
          deviceIds.subList(from, Math.min(deviceIds.size(), from + DEVICES_PER_QUERY));
      List<Port> ports = store.listPorts(tx, PortQuery.all().and(PortFilter.DEVICE_ID, chunk));
      Map<PortId, List<String>> groupNames =
          securityGroups.namesOf(tx, ports.stream().map(Port::id).toList());
      for (Port port : ports) {
        String network =
            networkNames.computeIfAbsent(
                port.networkId(),
                id -> store.findNetwork(tx, id).map(Network::name).orElse(id.value()));
        List<ServerAddress> device =
            addresses.computeIfAbsent(port.deviceId(), unused -> new ArrayList<>());
        for (FixedIp ip : port.fixedIps()) {
          device.add(new ServerAddress(network, ip.ipAddress(), port.macAddress()));
        }
        List<String> names = groups.computeIfAbsent(port.deviceId(), unused -> new ArrayList<>());
        for (String name : groupNames.getOrDefault(port.id(), List.of())) {
          if (!names.contains(name)) {
            names.add(name);
          }
        }
      }
    }
    Map<String, ServerPorts> servers = new HashMap<>();
    addresses.forEach(
        (device, ofDevice) -> servers.put(device, new ServerPorts(ofDevice, groups.get(device))));
    return servers;
  }

  /** Device ids per port query: well under every driver's limit on bound parameters. */
  private static final int DEVICES_PER_QUERY = 1000;

  private List<Port> devicePorts(Transaction tx, String deviceId) {
    requireNonNull(deviceId, "deviceId is null");
    if (deviceId.isEmpty()) {
      throw new IllegalArgumentException("deviceId is empty");
    }
    return store.listPorts(tx, PortQuery.of(PortFilter.DEVICE_ID, deviceId));
  }

  /** Allocates {@code requested} to an existing port; an empty list leaves it without any. */
  List<FixedIp> allocate(Transaction tx, Port port, List<FixedIp> requested) {
    return requested.isEmpty()
        ? List.of()
        : allocator.allocate(tx, port.networkId(), port.id(), requested);
  }

  /** Gives a new port its addresses from the network's subnets, in {@code tx}. */
  Port withAddresses(Transaction tx, Port port) {
    return port.withFixedIps(allocator.allocate(tx, port.networkId(), port.id(), port.fixedIps()));
  }

  Port newPort(
      NetworkId networkId,
      String projectId,
      String name,
      String description,
      String deviceId,
      String deviceOwner,
      String hostId,
      Optional<String> macAddress,
      List<FixedIp> fixedIps,
      boolean adminStateUp,
      PortStatus status) {
    Instant now = clock.instant();
    return new Port(
        new PortId(UUID.randomUUID().toString()),
        name,
        description,
        networkId,
        projectId,
        deviceId,
        deviceOwner,
        hostId,
        macAddress.orElseGet(MacAddresses::generate),
        fixedIps,
        adminStateUp,
        status,
        Optional.empty(),
        1,
        now,
        now);
  }
}
