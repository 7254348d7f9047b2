package io.faultline.store;

import static io.faultline.store.ComputeFixtures.T0;
import static io.faultline.store.ComputeFixtures.admin;
import static io.faultline.store.ComputeFixtures.instance;
import static io.faultline.store.ComputeFixtures.member;
import static io.faultline.store.ComputeFixtures.monitor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bus.Notification;
import io.faultline.bus.OutboxRelay;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.ComputeSettings;
import io.faultline.compute.CreateServer;
import io.faultline.compute.HostStatus;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceAction;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServerService;
import io.faultline.compute.ServerView;
import io.faultline.compute.ServiceChange;
import io.faultline.compute.ServiceRef;
import io.faultline.compute.ServiceStatus;
import io.faultline.compute.ServiceUpdate;
import io.faultline.compute.VmState;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ComputeService and ServerService through whole scenarios, with a fake clock. */
abstract class ComputeScenarioTest {
  static final Cause CAUSE = new Cause(new FaultId("fault-c"), "faultline-inspector");

  private final MutableClock clock = new MutableClock(T0);
  private final RecordingBus bus = new RecordingBus();
  private final JdbiComputeStore store = new JdbiComputeStore();
  private Database database;
  private OutboxRelay outbox;
  private ComputeService compute;
  private ServerService servers;

  abstract Database open();

  private void start(ComputeSettings settings) {
    database = open();
    outbox = new OutboxRelay(new JdbiOutbox(database), bus);
    PolicyDefaults defaults = new PolicyDefaults();
    ComputePolicies.register(defaults);
    Policy policy = Policy.of(defaults.rules(), Map.of());
    compute = new ComputeService(store, database.transactor(), outbox, policy, clock, settings);
    servers = new ServerService(store, database.transactor(), outbox, policy, clock, settings);
  }

  private void start() {
    start(ComputeSettings.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    if (outbox != null) {
      outbox.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aServiceIsUpWhileItBeatsAndDownAtOnceWhenForced() {
    start();
    ComputeHost host = compute.heartbeat(monitor(), "compute-1", "nova-compute");
    assertThat(compute.isUp(host)).isTrue();
    clock.advance(Duration.ofSeconds(61));
    assertThat(compute.isUp(one("compute-1"))).isFalse();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    assertThat(compute.isUp(one("compute-1"))).isTrue();
    compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    assertThat(compute.isUp(one("compute-1"))).isFalse();
    assertThat(compute.listServices(admin(), Optional.empty(), Optional.empty())).hasSize(1);
  }

  @Test
  void heartbeatsNeedAdminOrMonitorAndTheComputeBinary() {
    start();
    assertDenied(() -> compute.heartbeat(member("p1"), "compute-1", "nova-compute"));
    assertThatThrownBy(() -> compute.heartbeat(admin(), "compute-1", "nova-scheduler"))
        .hasMessageContaining("binary");
    assertThat(compute.listServices(admin(), Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void theSchedulerPlacesOnlyOnUpEnabledHostsWithRoom() {
    start();
    compute.heartbeat(admin(), "stale", "nova-compute");
    clock.advance(Duration.ofMinutes(2));
    compute.heartbeat(admin(), "disabled", "nova-compute");
    compute.updateService(
        admin(),
        new ServiceRef.ByHost("disabled", "nova-compute"),
        new ServiceUpdate(
            Optional.empty(), Optional.of(ServiceStatus.DISABLED), Optional.of("maintenance")));
    compute.heartbeat(admin(), "fenced", "nova-compute");
    compute.reportHostDown(admin(), new HostId("fenced"), CAUSE);
    compute.heartbeat(admin(), "good", "nova-compute");

    for (int i = 0; i < 8; i++) {
      ServerView server = create(member("p1"), "vm" + i, "m1.xlarge");
      assertThat(server.instance().host()).isEqualTo("good");
      assertThat(server.instance().vmState()).isEqualTo(VmState.ACTIVE);
      assertThat(server.instance().powerState()).isEqualTo(PowerState.RUNNING);
    }
    // 64 vCPUs are taken by 8 xlarge servers.
    assertThatThrownBy(() -> create(member("p1"), "vm9", "1"))
        .hasMessageContaining("No valid host");
  }

  @Test
  void onlyAdminsForceAHost() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    compute.heartbeat(admin(), "compute-2", "nova-compute");
    assertDenied(
        () ->
            servers.create(
                member("p1"), new CreateServer("vm", "1", "cirros", Optional.of("compute-2"))));
    ServerView forced =
        servers.create(admin(), new CreateServer("vm", "1", "cirros", Optional.of("compute-2")));
    assertThat(forced.instance().host()).isEqualTo("compute-2");
    assertThatThrownBy(
            () ->
                servers.create(
                    admin(), new CreateServer("vm", "1", "cirros", Optional.of("nowhere"))))
        .hasMessageContaining("nowhere");
  }

  @Test
  void aReportStopsEveryEligibleInstanceAndNotifiesOnce() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    Map<VmState, Instance> byState = seedEveryState("compute-1");
    bus.clear();

    ServiceChange change = compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);

    assertThat(change.service().forcedDown()).isTrue();
    assertThat(change.up()).isFalse();
    Map<VmState, Instance> after = reload(byState);
    for (VmState state : VmState.values()) {
      Instance was = byState.get(state);
      Instance now = after.get(state);
      boolean moves = state.affectedByHostDown() && state != VmState.STOPPED;
      if (moves) {
        assertThat(now.vmState()).as(state.wireName()).isEqualTo(VmState.STOPPED);
        assertThat(now.powerState()).isEqualTo(PowerState.SHUTDOWN);
        assertThat(now.taskState()).isEmpty();
        assertThat(now.previousVmState()).contains(state);
        assertThat(now.previousPowerState()).contains(was.powerState());
        assertThat(actionNames(now)).contains(InstanceAction.HOST_DOWN);
      } else {
        assertThat(now).as(state.wireName()).isEqualTo(was);
      }
    }
    List<Notification> updates = bus.published("compute.instance.update");
    assertThat(updates).hasSize(7);
    Notification active =
        updates.stream()
            .filter(
                n ->
                    n.payload().get("instance_id").equals(byState.get(VmState.ACTIVE).id().value()))
            .findFirst()
            .orElseThrow();
    assertThat(active.publisherId()).isEqualTo("compute.compute-1");
    assertThat(active.payload())
        .containsEntry("state", "stopped")
        .containsEntry("old_state", "active")
        .containsEntry("tenant_id", "p1")
        .containsEntry("host", "compute-1")
        .containsEntry("state_description", "")
        .containsEntry("display_name", "vm-active");
    assertThat(bus.published("service.update")).hasSize(1);
    assertThat(bus.published("service.update").get(0).payload())
        .containsEntry("forced_down", true)
        .containsEntry("host", "compute-1");

    bus.clear();
    ServiceChange again = compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
    assertThat(again.instancesStopped()).isZero();
    assertThat(reload(byState)).isEqualTo(after);
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void theReportCanPutInstancesInError() {
    start(new ComputeSettings(Duration.ofSeconds(60), VmState.ERROR, true, 64, 262_144));
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    Map<VmState, Instance> byState = seedEveryState("compute-1");
    compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
    Map<VmState, Instance> after = reload(byState);
    assertThat(after.get(VmState.ACTIVE).vmState()).isEqualTo(VmState.ERROR);
    assertThat(after.get(VmState.STOPPED).vmState()).isEqualTo(VmState.ERROR);
    assertThat(after.get(VmState.RESIZED)).isEqualTo(byState.get(VmState.RESIZED));
    ServerView shown = servers.show(admin(), after.get(VmState.ACTIVE).id());
    assertThat(shown.fault()).isPresent();
    assertThat(shown.fault().get().message()).contains("compute-1");
    assertThat(shown.hostStatus()).isEqualTo(HostStatus.DOWN);
  }

  @Test
  void liftingTheForceFollowsHeartbeatsAgainAndLeavesInstancesAlone() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    ServerView server = create(member("p1"), "vm", "1");
    compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
    bus.clear();
    ServiceChange lifted =
        compute.updateService(
            admin(), new ServiceRef.ById(one("compute-1").id()), ServiceUpdate.forcedDown(false));
    assertThat(lifted.up()).isTrue();
    assertThat(bus.published("service.update")).hasSize(1);
    assertThat(bus.published("compute.instance.update")).isEmpty();
    assertThat(servers.show(admin(), server.instance().id()).instance().vmState())
        .isEqualTo(VmState.STOPPED);
  }

  @Test
  void membersAreRefusedEveryAdminActionAndNothingChanges() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    compute.heartbeat(admin(), "compute-2", "nova-compute");
    ServerView server = create(member("p1"), "vm", "1");
    bus.clear();
    assertDenied(() -> compute.reportHostDown(member("p1"), new HostId("compute-1"), CAUSE));
    assertDenied(() -> compute.listServices(member("p1"), Optional.empty(), Optional.empty()));
    assertDenied(() -> compute.listHypervisors(member("p1"), true));
    assertDenied(() -> servers.resetState(member("p1"), server.instance().id(), VmState.ERROR));
    assertDenied(() -> servers.evacuate(member("p1"), server.instance().id(), Optional.empty()));
    assertDenied(() -> servers.list(member("p1"), InstanceFilter.ALL, /* allTenants= */ true));
    assertThat(one("compute-1").forcedDown()).isFalse();
    assertThat(servers.show(member("p1"), server.instance().id()).instance())
        .isEqualTo(server.instance());
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void anotherProjectsServerIsNotFound() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    ServerView server = create(member("p1"), "vm", "1");
    assertThatThrownBy(() -> servers.show(member("p2"), server.instance().id()))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> servers.delete(member("p2"), server.instance().id()))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(servers.list(member("p2"), InstanceFilter.ALL, false)).isEmpty();
    assertThat(servers.list(admin(), InstanceFilter.ALL, true)).hasSize(1);
    servers.delete(member("p1"), server.instance().id());
    assertThat(servers.list(member("p1"), InstanceFilter.ALL, false)).isEmpty();
  }

  @Test
  void resetStateForcesActiveOrErrorAndClearsTheTask() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    Instance building = instance("compute-1", "p1", VmState.BUILDING, T0);
    database.transactor().run(tx -> store.insertInstance(tx, building));
    ServerView reset = servers.resetState(admin(), building.id(), VmState.ERROR);
    assertThat(reset.instance().vmState()).isEqualTo(VmState.ERROR);
    assertThat(reset.instance().taskState()).isEmpty();
    assertThat(servers.resetState(admin(), building.id(), VmState.ACTIVE).instance().vmState())
        .isEqualTo(VmState.ACTIVE);
    assertThatThrownBy(() -> servers.resetState(admin(), building.id(), VmState.STOPPED))
        .hasMessageContaining("active");
    assertThat(servers.actions(admin(), building.id()))
        .extracting(InstanceAction::action)
        .containsExactly(InstanceAction.RESET_STATE, InstanceAction.RESET_STATE);
  }

  @Test
  void evacuationWaitsForTheFenceThenRestoresThePriorState() {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    Instance paused = instance("compute-1", "p1", VmState.PAUSED, T0);
    Instance active = instance("compute-1", "p1", VmState.ACTIVE, T0);
    database.transactor().run(tx -> store.insertInstances(tx, List.of(paused, active)));

    assertThatThrownBy(() -> servers.evacuate(admin(), active.id(), Optional.empty()))
        .hasMessageContaining("still in use");
    clock.advance(Duration.ofSeconds(90));
    compute.heartbeat(admin(), "compute-2", "nova-compute");
    // Silent, but not fenced: it may only be partitioned, so the instance could run twice.
    assertThatThrownBy(() -> servers.evacuate(admin(), active.id(), Optional.empty()))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

    compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
    assertThatThrownBy(() -> servers.evacuate(admin(), active.id(), Optional.of("compute-1")))
        .hasMessageContaining("same");
    assertThatThrownBy(() -> servers.evacuate(admin(), active.id(), Optional.of("compute-9")))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    bus.clear();
    ServerView moved = servers.evacuate(admin(), active.id(), Optional.empty());
    assertThat(moved.instance().host()).isEqualTo("compute-2");
    assertThat(moved.instance().vmState()).isEqualTo(VmState.ACTIVE);
    assertThat(moved.instance().powerState()).isEqualTo(PowerState.RUNNING);
    assertThat(moved.instance().previousVmState()).isEmpty();
    ServerView back = servers.evacuate(admin(), paused.id(), Optional.of("compute-2"));
    assertThat(back.instance().vmState()).isEqualTo(VmState.PAUSED);
    assertThat(back.instance().powerState()).isEqualTo(PowerState.PAUSED);
    assertThat(bus.published("compute.instance.update"))
        .extracting(n -> n.payload().get("old_state") + "->" + n.payload().get("state"))
        .containsExactly("stopped->active", "stopped->paused");
    assertThat(actionNames(moved.instance())).first().isEqualTo(InstanceAction.EVACUATE);
  }

  @Test
  void withoutTheFenceRequirementASilentHostSuffices() {
    start(new ComputeSettings(Duration.ofSeconds(60), VmState.STOPPED, false, 64, 262_144));
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    ServerView server = create(member("p1"), "vm", "1");
    clock.advance(Duration.ofSeconds(61));
    compute.heartbeat(admin(), "compute-2", "nova-compute");
    ServerView moved = servers.evacuate(admin(), server.instance().id(), Optional.empty());
    assertThat(moved.instance().host()).isEqualTo("compute-2");
  }

  @Test
  void twoReportsRacingForOneHostPublishOneSetOfNotifications() throws Exception {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    List<Instance> many = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(instance("compute-1", "p1", VmState.ACTIVE, T0));
    }
    database.transactor().run(tx -> store.insertInstances(tx, many));
    bus.clear();
    CountDownLatch go = new CountDownLatch(1);
    Callable<ServiceChange> report =
        () -> {
          go.await();
          return compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ServiceChange> first = pool.submit(report);
      Future<ServiceChange> second = pool.submit(report);
      go.countDown();
      assertThat(first.get().instancesStopped() + second.get().instancesStopped()).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
    assertThat(bus.published("compute.instance.update")).hasSize(50);
    assertThat(bus.published("service.update")).hasSize(1);
  }

  @Test
  void instanceWritesRacingAReportNeitherFailNorDeadlock() throws Exception {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    List<Instance> many = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(instance("compute-1", "p1", VmState.ACTIVE, T0));
    }
    database.transactor().run(tx -> store.insertInstances(tx, many));
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ServiceChange> report =
          pool.submit(
              () -> {
                go.await();
                return compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
              });
      Future<Integer> resets =
          pool.submit(
              () -> {
                go.await();
                for (Instance instance : many.subList(0, 10)) {
                  servers.resetState(admin(), instance.id(), VmState.ERROR);
                }
                return 10;
              });
      go.countDown();
      assertThat(resets.get()).isEqualTo(10);
      int stopped = report.get().instancesStopped();
      // Whatever the interleaving, every instance is either reset to error or stopped.
      assertThat(stopped).isBetween(20, 30);
    } finally {
      pool.shutdownNow();
    }
    assertThat(servers.list(admin(), InstanceFilter.ALL, true))
        .extracting(view -> view.instance().vmState())
        .containsOnly(VmState.STOPPED, VmState.ERROR)
        .hasSize(30);
  }

  @Test
  void aCrashBetweenCommitAndPublicationIsReplayedFromTheOutbox() throws Exception {
    start();
    compute.heartbeat(admin(), "compute-1", "nova-compute");
    ServerView server = create(member("p1"), "vm", "1");
    awaitEmptyOutbox();
    bus.clear();
    bus.failing(true);
    // The publication fails after the commit; the caller's report stands, the batch stays.
    compute.reportHostDown(admin(), new HostId("compute-1"), CAUSE);
    // The state is committed although nothing was published.
    assertThat(servers.show(admin(), server.instance().id()).instance().vmState())
        .isEqualTo(VmState.STOPPED);
    assertThat(bus.published()).isEmpty();

    bus.failing(false);
    try (OutboxRelay restarted = new OutboxRelay(new JdbiOutbox(database), bus)) {
      assertThat(restarted.replay()).isEqualTo(2);
    }
    assertThat(bus.published())
        .extracting(Notification::eventType)
        .containsExactlyInAnyOrder("compute.instance.update", "service.update");
  }

  /** The relay removes published rows in the background; wait for it (not a timing assertion). */
  private void awaitEmptyOutbox() throws InterruptedException {
    JdbiOutbox rows = new JdbiOutbox(database);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!rows.pending(1).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(rows.pending(1)).isEmpty();
  }

  private ServerView create(io.faultline.policy.Credentials who, String name, String flavor) {
    return servers.create(who, new CreateServer(name, flavor, "cirros", Optional.empty()));
  }

  private ComputeHost one(String host) {
    return compute.listServices(admin(), Optional.of(host), Optional.empty()).get(0);
  }

  private Map<VmState, Instance> seedEveryState(String host) {
    Map<VmState, Instance> byState = new EnumMap<>(VmState.class);
    for (VmState state : VmState.values()) {
      byState.put(state, instance(host, "p1", state, T0));
    }
    database.transactor().run(tx -> store.insertInstances(tx, List.copyOf(byState.values())));
    return byState;
  }

  private Map<VmState, Instance> reload(Map<VmState, Instance> byState) {
    Map<VmState, Instance> reloaded = new EnumMap<>(VmState.class);
    database
        .transactor()
        .run(
            tx ->
                byState.forEach(
                    (state, instance) ->
                        reloaded.put(state, store.findInstance(tx, instance.id()).orElseThrow())));
    return reloaded;
  }

  private List<String> actionNames(Instance instance) {
    return servers.actions(admin(), instance.id()).stream().map(InstanceAction::action).toList();
  }

  private static void assertDenied(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }
}
