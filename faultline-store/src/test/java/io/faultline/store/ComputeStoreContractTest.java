package io.faultline.store;

import static io.faultline.store.ComputeFixtures.T0;
import static io.faultline.store.ComputeFixtures.host;
import static io.faultline.store.ComputeFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.HostUsage;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceAction;
import io.faultline.compute.InstanceFault;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.InstanceId;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServerQuery;
import io.faultline.compute.ServiceStatus;
import io.faultline.compute.VmState;
import io.faultline.tx.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compute store's contract, run against every database. */
abstract class ComputeStoreContractTest {
  private static final InstanceFault.Cause CAUSE =
      new InstanceFault.Cause(500, "Compute host compute-1 reported down", "details");
  private static final InstanceAction.Template HOST_DOWN =
      new InstanceAction.Template(
          "req-9", "reportHostDown", "admin-p", "admin-u", T0, Optional.of("down"));

  private Database database;
  private Transactor transactor;
  private final JdbiComputeStore store = new JdbiComputeStore();

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
    transactor = database.transactor();
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void servicesRoundTripAndFilter() {
    ComputeHost one = host("compute-1", T0);
    ComputeHost two = host("compute-2", T0);
    transactor.run(
        tx -> {
          store.insertHost(tx, one);
          store.insertHost(tx, two);
        });
    ComputeHost changed =
        one.withStatus(ServiceStatus.DISABLED, Optional.of("maintenance"), T0.plusSeconds(5))
            .withForcedDown(true, T0.plusSeconds(5));
    transactor.run(tx -> store.updateHost(tx, changed));

    transactor.run(
        tx -> {
          assertThat(store.findHost(tx, one.id())).contains(changed);
          assertThat(store.findHost(tx, "compute-2", ComputeHost.COMPUTE_BINARY)).contains(two);
          assertThat(store.lockHost(tx, "compute-2", "nova-scheduler")).isEmpty();
          assertThat(store.listHosts(tx, Optional.empty(), Optional.empty()))
              .containsExactly(changed, two);
          assertThat(store.listHosts(tx, Optional.of("compute-2"), Optional.empty()))
              .containsExactly(two);
          assertThat(store.listHosts(tx, Optional.empty(), Optional.of("nova-conductor")))
              .isEmpty();
        });
  }

  @Test
  void instanceStatesAreCountedPerHostWithoutTheDeleted() {
    transactor.run(
        tx -> {
          for (VmState state :
              List.of(VmState.ACTIVE, VmState.ACTIVE, VmState.STOPPED, VmState.DELETED)) {
            store.insertInstance(tx, instance("fleet-1", "p1", state, T0));
          }
          store.insertInstance(tx, instance("fleet-2", "p2", VmState.ERROR, T0));
          store.insertInstance(tx, instance("fleet-3", "p1", VmState.DELETED, T0));
        });
    transactor.run(
        tx -> {
          assertThat(store.instanceStatesByHost(tx, Optional.empty()))
              .isEqualTo(
                  Map.of(
                      "fleet-1", Map.of(VmState.ACTIVE, 2, VmState.STOPPED, 1),
                      "fleet-2", Map.of(VmState.ERROR, 1)));
          assertThat(store.instanceStatesByHost(tx, Optional.of("fleet-2")))
              .isEqualTo(Map.of("fleet-2", Map.of(VmState.ERROR, 1)));
          assertThat(store.instanceStatesByHost(tx, Optional.of("fleet-3"))).isEmpty();
        });
  }

  @Test
  void heartbeatTouchesOnlyExistingServices() {
    transactor.run(tx -> store.insertHost(tx, host("compute-1", T0)));
    transactor.run(
        tx -> {
          assertThat(store.recordHeartbeat(tx, "compute-1", "nova-compute", T0.plusSeconds(9)))
              .isTrue();
          assertThat(store.recordHeartbeat(tx, "compute-9", "nova-compute", T0)).isFalse();
          assertThat(store.findHost(tx, "compute-1", "nova-compute").orElseThrow().lastHeartbeat())
              .isEqualTo(T0.plusSeconds(9));
        });
  }

  @Test
  void instancePagesWalkTheListOnceInNovasOrderWhateverTheTiesAndFilters() {
    List<Instance> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Three instances share each creation time, so the id breaks the ties.
      VmState state = i % 4 == 0 ? VmState.STOPPED : VmState.ACTIVE;
      all.add(instance("compute-1", i % 2 == 0 ? "p1" : "p2", state, T0.plusSeconds(i / 3)));
    }
    all.add(instance("compute-1", "p1", VmState.DELETED, T0.plusSeconds(1)));
    transactor.run(tx -> store.insertInstances(tx, all));
    ServerQuery everything = ServerQuery.of(InstanceFilter.ALL);
    ServerQuery p1 = ServerQuery.of(InstanceFilter.ALL.withProject("p1"));
    ServerQuery active =
        ServerQuery.of(
            new InstanceFilter(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("^vm-act")));
    transactor.run(
        tx -> {
          List<Instance> expected = store.listInstances(tx, InstanceFilter.ALL);
          assertThat(expected).hasSize(23);
          assertThat(walk(tx, everything, 4, 500)).containsExactlyElementsOf(expected);
          assertThat(walk(tx, everything, 23, 500)).containsExactlyElementsOf(expected);
          assertThat(walk(tx, p1, 5, 500))
              .containsExactlyElementsOf(
                  expected.stream().filter(i -> i.projectId().equals("p1")).toList());
          // The name filter is applied per read batch: a small batch reads on to fill the page.
          List<Instance> named =
              expected.stream().filter(i -> i.vmState() == VmState.ACTIVE).toList();
          assertThat(walk(tx, active, 4, 3)).containsExactlyElementsOf(named);
          assertThat(walk(tx, active, 100, 2)).containsExactlyElementsOf(named);
          assertThat(store.pageInstances(tx, everything, Optional.empty(), 0)).isEmpty();
        });
  }

  /** Every page of {@code size} from the start, each read after the last of the one before. */
  private static List<Instance> walk(
      io.faultline.tx.Transaction tx, ServerQuery query, int size, int batch) {
    List<Instance> seen = new ArrayList<>();
    Optional<Instance> after = Optional.empty();
    for (int pages = 0; pages < 100; pages++) {
      List<Instance> page =
          InstancePages.read(
              tx,
              query,
              after,
              size,
              query.filter().name().map(java.util.regex.Pattern::compile),
              batch);
      assertThat(page.size()).isLessThanOrEqualTo(size);
      seen.addAll(page);
      if (page.size() < size) {
        return seen;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
    throw new AssertionError("more than 100 pages");
  }

  @Test
  void instancesRoundTripAndFilter() {
    Instance a = instance("compute-1", "p1", VmState.ACTIVE, T0);
    Instance b = instance("compute-2", "p2", VmState.STOPPED, T0.plusSeconds(1));
    Instance gone = instance("compute-1", "p1", VmState.DELETED, T0);
    Instance building = instance("compute-1", "p1", VmState.BUILDING, T0.plusSeconds(2));
    transactor.run(
        tx -> {
          store.insertInstance(tx, a);
          store.insertInstances(tx, List.of(b, gone, building));
        });
    transactor.run(
        tx -> {
          assertThat(store.findInstance(tx, a.id())).contains(a);
          assertThat(store.findInstance(tx, building.id())).contains(building);
          assertThat(store.findInstance(tx, gone.id())).contains(gone);
          assertThat(store.listInstances(tx, InstanceFilter.ALL)).containsExactly(building, b, a);
          assertThat(store.listInstances(tx, InstanceFilter.ALL.withProject("p2")))
              .containsExactly(b);
          assertThat(store.listInstances(tx, InstanceFilter.ALL.withHost("compute-1")))
              .containsExactly(building, a);
          assertThat(
                  store.listInstances(
                      tx,
                      new InstanceFilter(
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of(Set.of(VmState.STOPPED)),
                          Optional.empty())))
              .containsExactly(b);
          assertThat(
                  store.listInstances(
                      tx,
                      new InstanceFilter(
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of("^vm-act"))))
              .containsExactly(a);
        });
  }

  @Test
  void updateKeepsEveryField() {
    Instance a = instance("compute-1", "p1", VmState.ACTIVE, T0);
    transactor.run(tx -> store.insertInstance(tx, a));
    Instance moved =
        a.evacuatedTo("compute-2", VmState.ACTIVE, PowerState.RUNNING, T0.plusSeconds(3));
    transactor.run(tx -> store.updateInstance(tx, moved));
    transactor.run(tx -> assertThat(store.lockInstance(tx, a.id())).contains(moved));
  }

  @Test
  void usageCountsLiveInstancesOnly() {
    transactor.run(
        tx ->
            store.insertInstances(
                tx,
                List.of(
                    instance("compute-1", "p1", VmState.ACTIVE, T0),
                    instance("compute-1", "p1", VmState.STOPPED, T0),
                    instance("compute-1", "p1", VmState.DELETED, T0),
                    instance("compute-2", "p1", VmState.ACTIVE, T0))));
    transactor.run(
        tx -> {
          assertThat(store.usageOf(tx, "compute-1")).isEqualTo(new HostUsage(2, 1024, 2));
          assertThat(store.usageOf(tx, "compute-9")).isEqualTo(HostUsage.NONE);
          assertThat(store.usageByHost(tx))
              .containsEntry("compute-1", new HostUsage(2, 1024, 2))
              .containsEntry("compute-2", new HostUsage(1, 512, 1))
              .hasSize(2);
        });
  }

  @Test
  void hostDownStopsAreDecidedByTheStatesAndSavedInOneBatch() {
    List<Instance> all = new ArrayList<>();
    for (VmState state : VmState.values()) {
      all.add(instance("compute-1", "p1", state, T0));
    }
    Instance elsewhere = instance("compute-2", "p1", VmState.ACTIVE, T0);
    all.add(elsewhere);
    transactor.run(tx -> store.insertInstances(tx, all));

    List<Instance> onHost = transactor.inTransaction(tx -> store.instancesOnHost(tx, "compute-1"));
    assertThat(onHost).hasSize(VmState.values().length);
    Map<InstanceId, Instance> before = new java.util.HashMap<>();
    List<Instance> stopped = new ArrayList<>();
    for (Instance instance : onHost) {
      instance
          .stoppedByHostDown(VmState.STOPPED, T0.plusSeconds(1))
          .ifPresent(
              after -> {
                before.put(instance.id(), instance);
                stopped.add(after);
              });
    }
    // A stopped, shut-down, idle instance is already where a report would put it.
    assertThat(before.values())
        .extracting(Instance::vmState)
        .containsExactlyInAnyOrder(
            VmState.ACTIVE,
            VmState.BUILDING,
            VmState.PAUSED,
            VmState.SUSPENDED,
            VmState.RESCUED,
            VmState.SHELVED,
            VmState.SHELVED_OFFLOADED);
    transactor.run(tx -> store.saveStopped(tx, stopped, CAUSE, HOST_DOWN, T0.plusSeconds(1)));

    transactor.run(
        tx -> {
          for (Instance earlier : before.values()) {
            Instance after = store.findInstance(tx, earlier.id()).orElseThrow();
            assertThat(after.vmState()).isEqualTo(VmState.STOPPED);
            assertThat(after.powerState()).isEqualTo(PowerState.SHUTDOWN);
            assertThat(after.taskState()).isEmpty();
            assertThat(after.previousVmState()).contains(earlier.vmState());
            assertThat(after.previousPowerState()).contains(earlier.powerState());
            assertThat(after.updatedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(store.latestFault(tx, earlier.id()))
                .contains(
                    new InstanceFault(
                        earlier.id(), 500, CAUSE.message(), CAUSE.details(), T0.plusSeconds(1)));
          }
          assertThat(store.findInstance(tx, elsewhere.id())).contains(elsewhere);
          assertThat(store.latestFault(tx, elsewhere.id())).isEmpty();
          // Once saved, a second report finds nothing to change.
          assertThat(store.instancesOnHost(tx, "compute-1"))
              .allSatisfy(
                  instance ->
                      assertThat(instance.stoppedByHostDown(VmState.STOPPED, T0)).isEmpty());
        });
  }

  @Test
  void savingAStopOfAMissingInstanceFails() {
    Instance ghost =
        instance("compute-1", "p1", VmState.ACTIVE, T0)
            .stoppedByHostDown(VmState.STOPPED, T0)
            .orElseThrow();
    assertThatThrownBy(
            () -> transactor.run(tx -> store.saveStopped(tx, List.of(ghost), CAUSE, HOST_DOWN, T0)))
        .hasMessageContaining(ghost.id().value());
  }

  @Test
  void actionsComeBackNewestFirst() {
    Instance a = instance("compute-1", "p1", VmState.ACTIVE, T0);
    InstanceAction create =
        new InstanceAction("req-1", a.id(), "create", "p1", "u1", T0, Optional.empty());
    InstanceAction reset =
        new InstanceAction(
            "req-2", a.id(), "resetState", "p0", "u0", T0.plusSeconds(1), Optional.of("why"));
    transactor.run(
        tx -> {
          store.insertInstance(tx, a);
          store.insertActions(tx, List.of(create, reset));
        });
    transactor.run(tx -> assertThat(store.listActions(tx, a.id())).containsExactly(reset, create));
  }

  @Test
  void aHostDownActionIsInTheLogOfEachInstanceItStoppedAndNoOther() {
    Instance a = instance("compute-1", "p1", VmState.ACTIVE, T0);
    Instance b = instance("compute-1", "p2", VmState.ACTIVE, T0);
    Instance untouched = instance("compute-1", "p1", VmState.ACTIVE, T0);
    InstanceAction create =
        new InstanceAction("req-1", a.id(), "create", "p1", "u1", T0, Optional.empty());
    InstanceAction reset =
        new InstanceAction(
            "req-3", a.id(), "resetState", "p0", "u0", T0.plusSeconds(2), Optional.of("back"));
    // A host name of the longest length makes the longest message a report writes.
    String message = "Compute host " + "h".repeat(255) + " reported down";
    InstanceAction.Template first =
        new InstanceAction.Template(
            "req-2",
            "reportHostDown",
            "admin-p",
            "admin-u",
            T0.plusSeconds(1),
            Optional.of(message));
    InstanceAction.Template second =
        new InstanceAction.Template(
            "req-4", "reportHostDown", "admin-p", "admin-u", T0.plusSeconds(3), Optional.empty());
    transactor.run(
        tx -> {
          store.insertInstances(tx, List.of(a, b, untouched));
          store.insertActions(tx, List.of(create));
          store.saveStopped(
              tx, stopped(List.of(a, b), T0.plusSeconds(1)), CAUSE, first, T0.plusSeconds(1));
          store.insertActions(tx, List.of(reset));
          store.saveStopped(
              tx, stopped(List.of(a), T0.plusSeconds(3)), CAUSE, second, T0.plusSeconds(3));
        });
    transactor.run(
        tx -> {
          assertThat(store.listActions(tx, a.id()))
              .containsExactly(
                  second.forInstance(a.id()), reset, first.forInstance(a.id()), create);
          assertThat(store.listActions(tx, b.id())).containsExactly(first.forInstance(b.id()));
          assertThat(store.listActions(tx, untouched.id())).isEmpty();
          assertThat(store.listActions(tx, new InstanceId("no-such-instance"))).isEmpty();
        });
  }

  /** {@code instances} stopped at {@code at}, whatever state they were in. */
  private static List<Instance> stopped(List<Instance> instances, Instant at) {
    return instances.stream()
        .map(instance -> instance.withState(VmState.STOPPED, PowerState.SHUTDOWN, at))
        .toList();
  }

  @Test
  void aThousandInstancesStopInOneBatch() {
    List<Instance> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(instance("compute-big", "p" + (i % 7), VmState.ACTIVE, T0));
    }
    transactor.run(tx -> store.insertInstances(tx, many));
    Instant later = T0.plus(Duration.ofMinutes(1));
    transactor.run(
        tx ->
            store.saveStopped(
                tx,
                store.instancesOnHost(tx, "compute-big").stream()
                    .map(instance -> instance.stoppedByHostDown(VmState.ERROR, later).orElseThrow())
                    .toList(),
                CAUSE,
                HOST_DOWN,
                later));
    List<Instance> after = transactor.inTransaction(tx -> store.instancesOnHost(tx, "compute-big"));
    assertThat(after)
        .hasSize(1000)
        .allSatisfy(instance -> assertThat(instance.vmState()).isEqualTo(VmState.ERROR));
  }
}
