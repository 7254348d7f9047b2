package io.faultline.network;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.OutboxRelay;
import io.faultline.cause.Cause;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.paging.Page;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Neutron's networks and ports as use cases: every call authorizes by rule name, loads, changes and
 * saves in one transaction, and outboxes the port notifications with the change. Another project's
 * resource is "not found"; a visible one the caller may not change is "forbidden", with nothing
 * changed.
 */
public final class NetworkService {
  private final NetworkStore store;
  private final Transactor transactor;
  private final OutboxRelay outbox;
  private final Policy policy;
  private final InstantSource clock;
  private final HostPortService hostPorts;
  private final PortSecurityGroups securityGroups;

  /** Ports without security groups: for tests and benchmarks of networks and ports alone. */
  public NetworkService(
      NetworkStore store,
      Transactor transactor,
      OutboxRelay outbox,
      Policy policy,
      InstantSource clock) {
    this(store, transactor, outbox, policy, clock, PortSecurityGroups.NONE);
  }

  public NetworkService(
      NetworkStore store,
      Transactor transactor,
      OutboxRelay outbox,
      Policy policy,
      InstantSource clock,
      PortSecurityGroups securityGroups) {
    this.securityGroups = requireNonNull(securityGroups, "securityGroups is null");
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.hostPorts = new HostPortService(store, transactor, outbox, clock, securityGroups);
  }

  /** The port operations compute and the inspector use (no caller policy: they authorized). */
  public HostPortService hostPorts() {
    return hostPorts;
  }

  // ---- networks

  public Network createNetwork(Credentials caller, NetworkCreate request) {
    return createNetworks(caller, List.of(request)).get(0);
  }

  /** Neutron's bulk create: every network of the request in one transaction, or none. */
  public List<Network> createNetworks(Credentials caller, List<NetworkCreate> requests) {
    List<Network> networks = requests.stream().map(request -> newNetwork(caller, request)).toList();
    transactor.run(tx -> networks.forEach(network -> store.insertNetwork(tx, network)));
    return networks;
  }

  private Network newNetwork(Credentials caller, NetworkCreate request) {
    String projectId = request.projectId().orElseGet(caller::requireProjectId);
    policy.authorize(NetworkPolicies.CREATE_NETWORK, caller, projectId);
    if (request.shared()) {
      policy.authorize(NetworkPolicies.CREATE_NETWORK_SHARED, caller, projectId);
    }
    Instant now = clock.instant();
    Network network =
        new Network(
            new NetworkId(UUID.randomUUID().toString()),
            request.name(),
            request.description(),
            projectId,
            request.shared(),
            request.adminStateUp(),
            Network.ACTIVE,
            1,
            now,
            now);
    return network;
  }

  public Network getNetwork(Credentials caller, NetworkId id) {
    return transactor.inTransaction(tx -> visibleNetwork(tx, caller, id));
  }

  public List<Network> listNetworks(Credentials caller) {
    return transactor.inTransaction(
        tx -> store.listNetworks(tx).stream().filter(n -> canSee(caller, n)).toList());
  }

  public Network updateNetwork(
      Credentials caller, NetworkId id, NetworkUpdate update, OptionalLong expectedRevision) {
    return transactor.inTransaction(
        tx -> {
          Network network = visibleNetwork(tx, caller, id);
          policy.authorize(NetworkPolicies.UPDATE_NETWORK, caller, network.projectId());
          if (update.shared().isPresent() && update.shared().get() != network.shared()) {
            policy.authorize(NetworkPolicies.UPDATE_NETWORK_SHARED, caller, network.projectId());
          }
          checkRevision("network", id.value(), network.revisionNumber(), expectedRevision);
          Network changed = update.applyTo(network);
          if (changed.equals(network)) {
            return network;
          }
          Network revised =
              changed.revised(
                  changed.name(),
                  changed.description(),
                  changed.shared(),
                  changed.adminStateUp(),
                  clock.instant());
          store.updateNetwork(tx, revised);
          return revised;
        });
  }

  public void deleteNetwork(Credentials caller, NetworkId id) {
    transactor.run(
        tx -> {
          Network network = visibleNetwork(tx, caller, id);
          policy.authorize(NetworkPolicies.DELETE_NETWORK, caller, network.projectId());
          if (store.networkHasPorts(tx, id)) {
            throw FaultlineException.conflict(
                "Unable to complete operation on network "
                    + id
                    + ". There are one or more ports still in use on the network.");
          }
          store.deleteSubnetsOfNetwork(tx, id);
          store.deleteNetwork(tx, id);
        });
  }

  // ---- ports

  public Port createPort(Credentials caller, PortCreate request) {
    return createPorts(caller, List.of(request)).get(0);
  }

  /**
   * Neutron's bulk create: every port of the request in one transaction, or none. A port that names
   * no security groups gets its project's default group, made with it if need be.
   */
  public List<Port> createPorts(Credentials caller, List<PortCreate> requests) {
    return PortSecurityGroups.retryingOnRace(
        () ->
            transactor.inTransaction(
                tx -> {
                  List<Port> ports =
                      requests.stream().map(request -> newPort(tx, caller, request)).toList();
                  store.insertPorts(tx, ports);
                  for (int i = 0; i < ports.size(); i++) {
                    securityGroups.save(tx, caller, ports.get(i), requests.get(i).securityGroups());
                  }
                  return ports;
                }));
  }

  /** The security groups of each of the ports that has any, to show with them. */
  public Map<PortId, List<SecurityGroupId>> securityGroupsOf(List<Port> ports) {
    if (ports.isEmpty()) {
      return Map.of();
    }
    return transactor.inTransaction(
        tx -> securityGroups.of(tx, ports.stream().map(Port::id).toList()));
  }

  private Port newPort(Transaction tx, Credentials caller, PortCreate request) {
    String projectId = request.projectId().orElseGet(caller::requireProjectId);
    Network network = visibleNetwork(tx, caller, request.networkId());
    policy.authorize(NetworkPolicies.CREATE_PORT, caller, projectId);
    if (request.hostId().filter(host -> !host.isEmpty()).isPresent()) {
      policy.authorize(NetworkPolicies.CREATE_PORT_BINDING_HOST_ID, caller, projectId);
    }
    if (request.macAddress().isPresent()) {
      policy.authorize(
          NetworkPolicies.CREATE_PORT_MAC_ADDRESS,
          caller,
          Map.of("project_id", projectId, "network:tenant_id", network.projectId()));
    }
    Port port =
        hostPorts.newPort(
            network.id(),
            projectId,
            request.name(),
            request.description(),
            request.deviceId(),
            request.deviceOwner(),
            request.hostId().orElse(""),
            request.macAddress().map(MacAddresses::normalize),
            request.fixedIps(),
            request.adminStateUp(),
            PortStatus.DOWN);
    return hostPorts.withAddresses(tx, port);
  }

  public Port getPort(Credentials caller, PortId id) {
    return transactor.inTransaction(
        tx ->
            store
                .findPort(tx, id)
                .filter(port -> canSee(caller, port))
                .orElseThrow(() -> portNotFound(id)));
  }

  /**
   * The ports the caller may see among those matching the query. Filtering by binding host needs
   * the right to see binding hosts, else the filter itself would reveal them.
   */
  public List<Port> listPorts(Credentials caller, PortQuery query) {
    checkHostFilter(caller, query);
    return transactor.inTransaction(
        tx -> store.listPorts(tx, query).stream().filter(p -> canSee(caller, p)).toList());
  }

  private void checkHostFilter(Credentials caller, PortQuery query) {
    if (query.filters().containsKey(PortFilter.HOST_ID)
        && !policy.allows(NetworkPolicies.GET_PORT_BINDING_HOST_ID, caller, Map.of())) {
      throw FaultlineException.forbidden(
          "Policy doesn't allow "
              + NetworkPolicies.GET_PORT_BINDING_HOST_ID
              + " to be performed: only an admin may filter ports by binding:host_id.");
    }
  }

  /**
   * A page of the ports the caller may see among those matching the query, in id order after {@code
   * marker}, at most {@code limit}: read by keyset in batches, so no page loads the whole list. A
   * caller who may not see ports of any project is confined in SQL to its own project.
   */
  public Page<Port> pagePorts(
      Credentials caller, PortQuery query, Optional<String> marker, int limit) {
    checkHostFilter(caller, query);
    PortQuery confined = query;
    if (caller.projectId().isPresent() && !seesEveryProject(caller, NetworkPolicies.GET_PORT)) {
      String own = caller.projectId().get();
      Set<String> asked = query.filters().getOrDefault(PortFilter.PROJECT_ID, Set.of(own));
      if (!asked.contains(own)) {
        return new Page<>(List.of(), false);
      }
      confined = query.and(PortFilter.PROJECT_ID, List.of(own));
    }
    PortQuery read = confined;
    return transactor.inTransaction(
        tx -> {
          List<Port> found = new java.util.ArrayList<>();
          Optional<String> after = marker;
          int batch = limit + 1;
          while (found.size() <= limit) {
            List<Port> rows = store.pagePorts(tx, read, after, batch);
            for (Port port : rows) {
              if (found.size() <= limit && canSee(caller, port)) {
                found.add(port);
              }
            }
            if (rows.size() < batch) {
              break;
            }
            after = Optional.of(rows.get(rows.size() - 1).id().value());
          }
          return Page.of(found, limit);
        });
  }

  /** Whether the rule lets the caller at a project it has never heard of: an admin or a service. */
  private boolean seesEveryProject(Credentials caller, String rule) {
    return policy.allows(rule, caller, Map.of("project_id", "any-" + java.util.UUID.randomUUID()));
  }

  /**
   * How many ports bound to each host (or the one named) have their data plane DOWN, across
   * projects: only for a caller who may see ports' binding host.
   */
  public Map<String, Integer> dataPlaneDownByHost(Credentials caller, Optional<String> host) {
    policy.authorize(NetworkPolicies.GET_PORT_BINDING_HOST_ID, caller, Map.of());
    return transactor.inTransaction(tx -> store.dataPlaneDownByHost(tx, host));
  }

  /** Whether the caller may see {@code binding:host_id} of this port. */
  public boolean canSeeBinding(Credentials caller, Port port) {
    return policy.allows(
        NetworkPolicies.GET_PORT_BINDING_HOST_ID, caller, Map.of("project_id", port.projectId()));
  }

  /**
   * Changes a port. Each part of the request needs its own rule: plain attributes {@code
   * update_port}, the binding host {@code update_port:binding:host_id}, a status report {@code
   * update_port:status}, a data-plane report {@code update_port:data_plane_status}. Unlike Neutron,
   * a status or data-plane report does not also need {@code update_port}, so that a reporter role
   * outside the port's project can report (Doctor's monitors and integrators are not tenants).
   */
  public Port updatePort(
      Credentials caller, PortId id, PortUpdate update, OptionalLong expectedRevision) {
    return transactor.inTransaction(
        tx -> {
          Port port = visiblePort(tx, caller, id);
          authorizeUpdate(caller, port, update);
          checkRevision("port", id.value(), port.revisionNumber(), expectedRevision);
          Port changed = update.applyTo(port);
          if (update.fixedIps().isPresent()) {
            // The new list replaces the old: its addresses are released, then allocated anew.
            store.releaseAddresses(tx, port.id());
            changed = changed.withFixedIps(hostPorts.allocate(tx, port, update.fixedIps().get()));
          }
          if (update.securityGroups().isPresent()) {
            securityGroups.save(tx, caller, port, update.securityGroups());
          } else if (changed.sameStateAs(port)) {
            return port;
          }
          Instant now = clock.instant();
          Port revised = changed.revisedAt(now);
          store.updatePorts(tx, List.of(revised));
          if (PortNotifications.announces(port, revised)) {
            outbox.enqueue(tx, PortNotifications.update(port, revised, now));
          }
          return revised;
        });
  }

  /**
   * Neutron's quota of a project: its defaults, which Faultline shows but does not enforce (only
   * compute quotas are enforced), so that {@code openstack quota show} works.
   */
  public Map<String, Long> quota(Credentials caller, String projectId) {
    policy.authorize(NetworkPolicies.GET_QUOTA, caller, projectId);
    Map<String, Long> quota = new java.util.LinkedHashMap<>();
    quota.put("network", 100L);
    quota.put("subnet", 100L);
    quota.put("subnetpool", -1L);
    quota.put("port", 500L);
    quota.put("router", 10L);
    quota.put("floatingip", 50L);
    quota.put("security_group", 10L);
    quota.put("security_group_rule", 100L);
    quota.put("rbac_policy", 10L);
    return quota;
  }

  public void deletePort(Credentials caller, PortId id) {
    transactor.run(
        tx -> {
          Port port = visiblePort(tx, caller, id);
          policy.authorize(NetworkPolicies.DELETE_PORT, caller, port.projectId());
          store.deletePorts(tx, List.of(id));
        });
  }

  /**
   * Sets the data-plane status of every port bound to {@code host} within {@code tx}, for a fault
   * (the inspector's step on a host fault, committed with the host's compute changes); the
   * notifications carry {@code cause}. Returns the ports that changed.
   */
  public List<Port> setDataPlaneStatusOnHost(
      Transaction tx,
      Credentials caller,
      HostId host,
      Optional<DataPlaneStatus> status,
      Cause cause) {
    authorizeHostDataPlane(caller);
    return hostPorts.setDataPlaneStatusOnHost(tx, host.value(), status, Optional.of(cause));
  }

  /** The same in its own transaction. */
  public List<Port> setDataPlaneStatusOnHost(
      Credentials caller, HostId host, Optional<DataPlaneStatus> status, Cause cause) {
    authorizeHostDataPlane(caller);
    return transactor.inTransaction(
        tx -> hostPorts.setDataPlaneStatusOnHost(tx, host.value(), status, Optional.of(cause)));
  }

  /** One port's data plane for a fault ({@code network.port.down/up}); the port when it changed. */
  public Optional<Port> setPortDataPlaneStatus(
      Credentials caller, PortId port, Optional<DataPlaneStatus> status, Cause cause) {
    authorizeHostDataPlane(caller);
    return hostPorts.setPortDataPlaneStatus(port, status, Optional.of(cause));
  }

  /** Checks that the caller may change the data plane of a host's ports; throws when not. */
  public void authorizeHostDataPlane(Credentials caller) {
    policy.authorize(NetworkPolicies.UPDATE_HOST_DATA_PLANE_STATUS, caller, Map.of());
  }

  private void authorizeUpdate(Credentials caller, Port port, PortUpdate update) {
    Map<String, String> target = Map.of("project_id", port.projectId());
    boolean reports = update.status().isPresent() || update.reportsDataPlane();
    if (update.changesAttributes() || (!reports && update.hostId().isEmpty())) {
      policy.authorize(NetworkPolicies.UPDATE_PORT, caller, target);
    }
    if (update.hostId().isPresent()) {
      policy.authorize(NetworkPolicies.UPDATE_PORT_BINDING_HOST_ID, caller, target);
    }
    if (update.status().isPresent()) {
      policy.authorize(NetworkPolicies.UPDATE_PORT_STATUS, caller, target);
    }
    if (update.reportsDataPlane()) {
      policy.authorize(NetworkPolicies.UPDATE_PORT_DATA_PLANE_STATUS, caller, target);
    }
  }

  private static void checkRevision(
      String kind, String id, long current, OptionalLong expectedRevision) {
    if (expectedRevision.isPresent() && expectedRevision.getAsLong() != current) {
      throw new FaultlineException(
          ErrorCode.PRECONDITION_FAILED,
          "Constrained to revision_number="
              + expectedRevision.getAsLong()
              + " but "
              + kind
              + " "
              + id
              + " is at revision_number="
              + current
              + ".");
    }
  }

  private Network visibleNetwork(Transaction tx, Credentials caller, NetworkId id) {
    return store
        .findNetwork(tx, id)
        .filter(network -> canSee(caller, network))
        .orElseThrow(() -> FaultlineException.notFound("Network " + id + " could not be found."));
  }

  private Port visiblePort(Transaction tx, Credentials caller, PortId id) {
    return store
        .findPortForUpdate(tx, id)
        .filter(port -> canSee(caller, port))
        .orElseThrow(() -> portNotFound(id));
  }

  private static FaultlineException portNotFound(PortId id) {
    return FaultlineException.notFound("Port " + id + " could not be found.");
  }

  private boolean canSee(Credentials caller, Network network) {
    return network.shared()
        || policy.allows(
            NetworkPolicies.GET_NETWORK, caller, Map.of("project_id", network.projectId()));
  }

  private boolean canSee(Credentials caller, Port port) {
    return policy.allows(NetworkPolicies.GET_PORT, caller, Map.of("project_id", port.projectId()));
  }
}
