package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.OutboxRelay;
import io.faultline.error.FaultlineException;
import io.faultline.network.InstancePorts;
import io.faultline.network.NetworkId;
import io.faultline.network.PortSecurityGroups;
import io.faultline.network.ServerPorts;
import io.faultline.paging.Page;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Servers: create (scheduled), list, show, delete, reset-state and fenced evacuation. Another
 * project's server is a 404 (never revealed); an admin action by a non-admin is a 403 with nothing
 * changed.
 */
public final class ServerService {
  private final ComputeStore store;
  private final Transactor transactor;
  private final OutboxRelay outbox;
  private final Policy policy;
  private final InstantSource clock;
  private final ComputeSettings settings;
  private final Scheduler scheduler;
  private final Optional<InstancePorts> ports;
  private final QuotaEnforcer quotas;
  private final Optional<KeypairStore> keypairs;
  private final Optional<ServerGroupStore> groups;
  private final FlavorService flavors;

  public ServerService(
      ComputeStore store,
      Transactor transactor,
      OutboxRelay outbox,
      Policy policy,
      InstantSource clock,
      ComputeSettings settings) {
    this(store, transactor, outbox, policy, clock, settings, Optional.empty());
  }

  /**
   * @param ports the network's ports of servers: created with the server on the networks it asks
   *     for, rebound by evacuation, deleted with it, in the server's transaction; without it a
   *     request for networks is a 400
   */
  public ServerService(
      ComputeStore store,
      Transactor transactor,
      OutboxRelay outbox,
      Policy policy,
      InstantSource clock,
      ComputeSettings settings,
      Optional<InstancePorts> ports) {
    this(
        store,
        transactor,
        outbox,
        policy,
        clock,
        settings,
        ports,
        QuotaEnforcer.NONE,
        Optional.empty(),
        new FlavorService(new StandardFlavors(), transactor, policy),
        Optional.empty());
  }

  /**
   * @param quotas checked in the create's transaction
   * @param keypairs where a requested {@code key_name} must exist; without it one is a 400
   * @param flavors where a requested flavor is found, if the caller may use it
   */
  public ServerService(
      ComputeStore store,
      Transactor transactor,
      OutboxRelay outbox,
      Policy policy,
      InstantSource clock,
      ComputeSettings settings,
      Optional<InstancePorts> ports,
      QuotaEnforcer quotas,
      Optional<KeypairStore> keypairs,
      FlavorService flavors,
      Optional<ServerGroupStore> groups) {
    this.flavors = requireNonNull(flavors, "flavors is null");
    this.groups = requireNonNull(groups, "groups is null");
    this.quotas = requireNonNull(quotas, "quotas is null");
    this.keypairs = requireNonNull(keypairs, "keypairs is null");
    this.ports = requireNonNull(ports, "ports is null");
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.scheduler = new Scheduler(store, settings.serviceDownTime());
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public ServerView create(Credentials credentials, CreateServer request) {
    String projectId = credentials.requireProjectId();
    policy.authorize(ComputePolicies.SERVERS_CREATE, credentials, projectId);
    if (request.forcedHost().isPresent()) {
      policy.authorize(ComputePolicies.SERVERS_CREATE_FORCED_HOST, credentials, projectId);
    }
    Image image =
        Image.standard(request.imageRef())
            .orElseThrow(
                () ->
                    FaultlineException.badRequest(
                        "Image " + request.imageRef() + " could not be found."));
    Instant now = now();
    // A boot on networks may make the project's default security group with its ports.
    return PortSecurityGroups.retryingOnRace(() -> boot(credentials, request, image, now));
  }

  private ServerView boot(Credentials credentials, CreateServer request, Image image, Instant now) {
    String projectId = credentials.requireProjectId();
    ServerDetails details = request.details();
    return transactor.inTransaction(
        tx -> {
          Flavor flavor = flavors.forServer(tx, credentials, request.flavorRef()).flavor();
          details.keyName().ifPresent(name -> checkKeyName(tx, credentials.userId(), name));
          quotas.checkServerCreate(
              tx, projectId, credentials.userId(), flavor, details.metadata().size());
          Optional<ServerGroup> group = request.group().map(id -> joinable(tx, credentials, id));
          ComputeHost host =
              place(
                  tx,
                  request.forcedHost(),
                  flavor,
                  group.map(g -> rule(tx, g, Optional.empty())),
                  now);
          Instance instance =
              new Instance(
                  InstanceId.random(),
                  request.name(),
                  projectId,
                  credentials.userId(),
                  host.host(),
                  flavor,
                  image.id(),
                  VmState.ACTIVE,
                  PowerState.RUNNING,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  now,
                  now,
                  Optional.of(now),
                  Optional.empty());
          store.insertInstance(tx, instance);
          group.ifPresent(g -> groupStore().addMember(tx, g.id(), instance.id()));
          if (!details.equals(ServerDetails.NONE)) {
            store.saveServerDetails(tx, instance.id(), details);
          }
          createPorts(tx, instance, request.networks(), request.securityGroups());
          record(tx, credentials, instance, InstanceAction.CREATE, now);
          outbox.enqueue(
              tx,
              List.of(
                  ComputeNotifications.instanceEvent(
                      ComputeNotifications.INSTANCE_CREATE_END, instance, now)));
          return new ServerView(
              instance,
              HostStatus.of(host, true),
              Optional.empty(),
              details,
              serverPorts(tx, instance.id()));
        });
  }

  private void checkKeyName(Transaction tx, String userId, String name) {
    if (keypairs.flatMap(k -> k.find(tx, userId, name)).isEmpty()) {
      throw FaultlineException.badRequest("Invalid key_name provided.");
    }
  }

  private void createPorts(
      Transaction tx, Instance instance, List<String> networks, List<String> securityGroups) {
    if (networks.isEmpty()) {
      return;
    }
    InstancePorts instancePorts =
        ports.orElseThrow(
            () -> FaultlineException.badRequest("networks cannot be given: no network service"));
    instancePorts.createServerPorts(
        tx,
        instance.projectId(),
        instance.id().value(),
        instance.host(),
        networks.stream().map(NetworkId::new).toList(),
        securityGroups);
  }

  private ComputeHost place(
      Transaction tx,
      Optional<String> forcedHost,
      Flavor flavor,
      Optional<Scheduler.GroupRule> group,
      Instant now) {
    if (forcedHost.isEmpty()) {
      return scheduler.choose(tx, flavor, Optional.empty(), group, now);
    }
    String name = forcedHost.get();
    if (store.findHost(tx, name, ComputeHost.COMPUTE_BINARY).isEmpty()) {
      throw FaultlineException.badRequest("Compute host " + name + " could not be found.");
    }
    return claimAllowed(tx, name, flavor, group, now);
  }

  /** A host named by the caller: claimed if the server's group, if any, allows it. */
  private ComputeHost claimAllowed(
      Transaction tx,
      String host,
      Flavor flavor,
      Optional<Scheduler.GroupRule> group,
      Instant now) {
    return scheduler
        .claim(tx, host, flavor, now)
        .filter(claimed -> group.map(rule -> rule.allows(claimed.host())).orElse(true))
        .orElseThrow(() -> FaultlineException.badRequest(Scheduler.NO_VALID_HOST));
  }

  private ServerGroupStore groupStore() {
    return groups.orElseThrow(
        () -> FaultlineException.badRequest("server groups are not supported here"));
  }

  /**
   * The group a new server asks to join, locked so that boots into it are placed one at a time: the
   * caller's project's (any project's for an admin), with room under the member quota.
   */
  private ServerGroup joinable(Transaction tx, Credentials credentials, String id) {
    ServerGroup group =
        groupStore()
            .lock(tx, id)
            .filter(
                g -> credentials.isAdmin() || g.projectId().equals(credentials.requireProjectId()))
            .orElseThrow(
                () ->
                    FaultlineException.badRequest("Instance group " + id + " could not be found."));
    quotas.checkServerGroupMembers(tx, group.projectId(), group.members().size());
    return group;
  }

  /** Where the group lets a member go, given its other members' hosts. */
  private Scheduler.GroupRule rule(Transaction tx, ServerGroup group, Optional<InstanceId> except) {
    return new Scheduler.GroupRule(
        group.policy(), groupStore().memberHosts(tx, group.id(), except));
  }

  /** The rule of the instance's group, if it is in one; the group is locked. */
  private Optional<Scheduler.GroupRule> ruleOf(Transaction tx, Instance instance) {
    return groups
        .flatMap(g -> g.groupIdOf(tx, instance.id()))
        .flatMap(id -> groupStore().lock(tx, id))
        .map(group -> rule(tx, group, Optional.of(instance.id())));
  }

  /**
   * Lists servers. Without all-tenants only the caller's project; with it (admin) every project,
   * optionally one. Admin-only filters are silently dropped for others, as Nova does.
   */
  public List<ServerView> list(Credentials credentials, InstanceFilter filter, boolean allTenants) {
    return page(credentials, ServerQuery.of(filter), allTenants).items();
  }

  /**
   * A page of servers, as {@link #list(Credentials, InstanceFilter, boolean)} lists them, with
   * Nova's extra filters: newest first, those after {@code marker} (a 400 when no server has that
   * id), at most {@code limit}. Read by keyset, so no page loads the whole list.
   */
  public Page<ServerView> page(Credentials credentials, ServerQuery request, boolean allTenants) {
    InstanceFilter filter = request.filter();
    String projectId = credentials.requireProjectId();
    policy.authorize(ComputePolicies.SERVERS_INDEX, credentials, projectId);
    InstanceFilter effective = filter;
    if (allTenants) {
      policy.authorize(ComputePolicies.SERVERS_INDEX_ALL_TENANTS, credentials, projectId);
    } else {
      effective = effective.withProject(projectId);
    }
    if (!policy.allows(
        ComputePolicies.SERVERS_ALLOW_ALL_FILTERS, credentials, Map.of("project_id", projectId))) {
      effective =
          new InstanceFilter(
              effective.projectId(), Optional.empty(), effective.vmStates(), effective.name());
    }
    ServerQuery query = request.withFilter(effective);
    int limit = request.limit().orElse(Integer.MAX_VALUE - 1);
    return transactor.inTransaction(
        tx -> {
          Optional<Instance> after =
              request
                  .marker()
                  .map(
                      marker ->
                          store
                              .findInstance(tx, marker)
                              .orElseThrow(
                                  () ->
                                      FaultlineException.badRequest(
                                          "marker [" + marker.value() + "] not found")));
          Page<Instance> page = Page.of(store.pageInstances(tx, query, after, limit + 1), limit);
          Map<String, ComputeHost> hosts = hostsByName(tx);
          List<InstanceId> ids = page.items().stream().map(Instance::id).toList();
          Map<InstanceId, ServerDetails> details = store.serverDetails(tx, ids);
          Map<String, ServerPorts> serverPorts =
              ports
                  .map(p -> p.serverPortsOf(tx, ids.stream().map(InstanceId::value).toList()))
                  .orElse(Map.of());
          return page.map(
              instance ->
                  view(
                      tx,
                      instance,
                      hosts,
                      details.getOrDefault(instance.id(), ServerDetails.NONE),
                      serverPorts.getOrDefault(instance.id().value(), ServerPorts.NONE)));
        });
  }

  public ServerView show(Credentials credentials, InstanceId id) {
    return transactor.inTransaction(
        tx ->
            view(
                tx,
                visible(tx, credentials, id, ComputePolicies.SERVERS_SHOW, false),
                hostsByName(tx)));
  }

  public void delete(Credentials credentials, InstanceId id) {
    Instant now = now();
    transactor.run(
        tx -> {
          Instance before = visible(tx, credentials, id, ComputePolicies.SERVERS_DELETE, true);
          Instance after = before.withState(VmState.DELETED, PowerState.NOSTATE, now);
          store.updateInstance(tx, after);
          groups.ifPresent(g -> g.removeMember(tx, id));
          ports.ifPresent(p -> p.deleteDevicePorts(tx, id.value()));
          record(tx, credentials, after, InstanceAction.DELETE, now);
          outbox.enqueue(
              tx,
              List.of(
                  ComputeNotifications.instanceEvent(
                      ComputeNotifications.INSTANCE_DELETE_END, after, now)));
        });
  }

  /** os-resetState: active or error, task cleared, power state untouched. */
  public ServerView resetState(Credentials credentials, InstanceId id, VmState state) {
    if (state != VmState.ACTIVE && state != VmState.ERROR) {
      throw FaultlineException.badRequest("os-resetState.state must be 'active' or 'error'");
    }
    Instant now = now();
    return transactor.inTransaction(
        tx -> {
          Instance before = visible(tx, credentials, id, ComputePolicies.RESET_STATE, true);
          Instance after = before.withState(state, before.powerState(), now);
          store.updateInstance(tx, after);
          record(tx, credentials, after, InstanceAction.RESET_STATE, now);
          if (before.vmState() != after.vmState() || before.taskState().isPresent()) {
            outbox.enqueue(tx, List.of(ComputeNotifications.instanceUpdate(before, after, now)));
          }
          return view(tx, after, hostsByName(tx));
        });
  }

  /**
   * Moves an instance off a down host. Refused while the source host is up, and (unless configured
   * otherwise) until it has been forced down, so that an instance on a host that is only
   * partitioned never runs twice. The instance lands in the state it had before the report.
   */
  public ServerView evacuate(Credentials credentials, InstanceId id, Optional<String> target) {
    Instant now = now();
    return transactor.inTransaction(
        tx -> {
          Instance before = visible(tx, credentials, id, ComputePolicies.EVACUATE, true);
          if (!VmState.EVACUABLE.contains(before.vmState()) || before.taskState().isPresent()) {
            throw FaultlineException.conflict(
                "Cannot 'evacuate' instance "
                    + id
                    + " while it is in vm_state "
                    + before.vmState().wireName());
          }
          // Lock order: the server's group, then the source host, then the destination. A boot
          // takes its group before its host too; two evacuations cannot take hosts in opposite
          // orders, since a source must be down and a destination up.
          Optional<Scheduler.GroupRule> group = ruleOf(tx, before);
          ComputeHost source =
              store
                  .lockHost(tx, before.host(), ComputeHost.COMPUTE_BINARY)
                  .orElseThrow(
                      () ->
                          FaultlineException.notFound(
                              "Compute host " + before.host() + " not found."));
          if (source.isUp(now, settings.serviceDownTime())) {
            throw FaultlineException.badRequest(
                "Compute service of " + source.host() + " is still in use.");
          }
          if (settings.evacuateRequiresForcedDown() && !source.forcedDown()) {
            throw FaultlineException.conflict(
                "Compute service of "
                    + source.host()
                    + " is not forced down: report the host down (fence it) before evacuating.");
          }
          ComputeHost destination = destination(tx, before, target, group, now);
          VmState state = before.previousVmState().orElse(recoveredState(before.vmState()));
          PowerState power =
              before
                  .previousPowerState()
                  .orElse(state == VmState.STOPPED ? PowerState.SHUTDOWN : PowerState.RUNNING);
          Instance after = before.evacuatedTo(destination.host(), state, power, now);
          store.updateInstance(tx, after);
          store.insertMigration(tx, Migration.evacuation(after, before.host(), now));
          ports.ifPresent(p -> p.rebindDevicePorts(tx, id.value(), destination.host()));
          record(tx, credentials, after, InstanceAction.EVACUATE, now);
          outbox.enqueue(tx, List.of(ComputeNotifications.instanceUpdate(before, after, now)));
          return new ServerView(
              after,
              HostStatus.of(destination, true),
              Optional.empty(),
              serverDetails(tx, id),
              serverPorts(tx, id));
        });
  }

  /** Without a remembered state, a stopped instance stays stopped and others come back active. */
  private static VmState recoveredState(VmState current) {
    return current == VmState.STOPPED ? VmState.STOPPED : VmState.ACTIVE;
  }

  private ComputeHost destination(
      Transaction tx,
      Instance instance,
      Optional<String> target,
      Optional<Scheduler.GroupRule> group,
      Instant now) {
    if (target.isEmpty()) {
      return scheduler.choose(tx, instance.flavor(), Optional.of(instance.host()), group, now);
    }
    String name = target.get();
    if (name.equals(instance.host())) {
      throw FaultlineException.badRequest("The target host can't be the same one.");
    }
    if (store.findHost(tx, name, ComputeHost.COMPUTE_BINARY).isEmpty()) {
      throw FaultlineException.notFound("Compute host " + name + " not found.");
    }
    return claimAllowed(tx, name, instance.flavor(), group, now);
  }

  /** os-migrations (admin): the instances' moves between hosts, newest first. */
  public List<Migration> migrations(Credentials credentials, Migration.Filter filter) {
    policy.authorize(ComputePolicies.MIGRATIONS_INDEX, credentials, Map.of());
    return transactor.inTransaction(tx -> store.listMigrations(tx, filter));
  }

  public List<InstanceAction> actions(Credentials credentials, InstanceId id) {
    return transactor.inTransaction(
        tx -> {
          visible(tx, credentials, id, ComputePolicies.INSTANCE_ACTIONS_LIST, false);
          return store.listActions(tx, id);
        });
  }

  /** The action of the instance's log with {@code requestId}; a 404 when it has none. */
  public InstanceAction action(Credentials credentials, InstanceId id, String requestId) {
    return transactor.inTransaction(
        tx -> {
          visible(tx, credentials, id, ComputePolicies.INSTANCE_ACTIONS_SHOW, false);
          return store.listActions(tx, id).stream()
              .filter(action -> action.requestId().equals(requestId))
              .findFirst()
              .orElseThrow(
                  () ->
                      FaultlineException.notFound(
                          "Action " + requestId + " on instance " + id + " could not be found."));
        });
  }

  /**
   * Loads a live instance the caller may see, then checks {@code rule} against its project: a
   * server of another project is "not found", a denied rule on a visible server is forbidden.
   *
   * <p>For a write, the instance's host is locked before the instance: every writer of instances
   * holds its host's service row (so does the host-down report), which keeps lock order the same
   * everywhere and lets the report read its instances without locking each row.
   */
  Instance visible(
      Transaction tx, Credentials credentials, InstanceId id, String rule, boolean write) {
    Instance instance = live(store.findInstance(tx, id), id);
    Map<String, String> target = Map.of("project_id", instance.projectId());
    boolean ownProject = credentials.projectId().map(instance.projectId()::equals).orElse(false);
    if (!ownProject && !policy.allows(ComputePolicies.SERVERS_SHOW, credentials, target)) {
      throw notFound(id);
    }
    policy.authorize(rule, credentials, target);
    if (!write) {
      return instance;
    }
    store.lockHost(tx, instance.host(), ComputeHost.COMPUTE_BINARY);
    Instance locked = live(store.lockInstance(tx, id), id);
    if (!locked.host().equals(instance.host())) {
      throw FaultlineException.conflict(
          "Instance " + id + " moved to another host meanwhile; retry the request");
    }
    return locked;
  }

  private static Instance live(Optional<Instance> instance, InstanceId id) {
    return instance.filter(i -> i.vmState() != VmState.DELETED).orElseThrow(() -> notFound(id));
  }

  private static FaultlineException notFound(InstanceId id) {
    return FaultlineException.notFound("Instance " + id + " could not be found.");
  }

  Map<String, ComputeHost> hostsByName(Transaction tx) {
    return store.listHosts(tx, Optional.empty(), Optional.of(ComputeHost.COMPUTE_BINARY)).stream()
        .collect(Collectors.toMap(ComputeHost::host, Function.identity()));
  }

  ServerView view(Transaction tx, Instance instance, Map<String, ComputeHost> hosts) {
    return view(tx, instance, hosts, serverDetails(tx, instance.id()));
  }

  ServerView view(
      Transaction tx, Instance instance, Map<String, ComputeHost> hosts, ServerDetails details) {
    return view(tx, instance, hosts, details, serverPorts(tx, instance.id()));
  }

  private ServerDetails serverDetails(Transaction tx, InstanceId id) {
    return store.serverDetails(tx, List.of(id)).getOrDefault(id, ServerDetails.NONE);
  }

  /** The addresses and security groups of the instance's ports; none without a network service. */
  private ServerPorts serverPorts(Transaction tx, InstanceId id) {
    return ports
        .map(
            p ->
                p.serverPortsOf(tx, List.of(id.value())).getOrDefault(id.value(), ServerPorts.NONE))
        .orElse(ServerPorts.NONE);
  }

  private ServerView view(
      Transaction tx,
      Instance instance,
      Map<String, ComputeHost> hosts,
      ServerDetails details,
      ServerPorts serverPorts) {
    ComputeHost host = hosts.get(instance.host());
    HostStatus status =
        host == null
            ? HostStatus.NONE
            : HostStatus.of(host, host.isUp(now(), settings.serviceDownTime()));
    Optional<InstanceFault> fault =
        instance.vmState() == VmState.ERROR
            ? store.latestFault(tx, instance.id())
            : Optional.empty();
    return new ServerView(instance, status, fault, details, serverPorts);
  }

  void record(
      Transaction tx, Credentials credentials, Instance instance, String action, Instant now) {
    store.insertActions(
        tx,
        List.of(
            new InstanceAction(
                "req-" + UUID.randomUUID(),
                instance.id(),
                action,
                credentials.projectId().orElse(instance.projectId()),
                credentials.userId(),
                now,
                Optional.empty())));
  }
}
