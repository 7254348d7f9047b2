package io.faultline.store;

import static io.faultline.store.ComputeFixtures.T0;
import static io.faultline.store.ComputeFixtures.host;
import static io.faultline.store.ComputeFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputeQuota;
import io.faultline.compute.FlavorId;
import io.faultline.compute.GroupPolicy;
import io.faultline.compute.HostReport;
import io.faultline.compute.HostUsage;
import io.faultline.compute.ImageId;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.InstanceId;
import io.faultline.compute.Keypair;
import io.faultline.compute.Migration;
import io.faultline.compute.PowerState;
import io.faultline.compute.QuotaStore;
import io.faultline.compute.ServerDetails;
import io.faultline.compute.ServerGroup;
import io.faultline.compute.VmState;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store side of Nova compatibility: server details, host reports, project usage, changed-since
 * listing, quotas, key pairs and server groups; run against every database.
 */
abstract class ComputeCompatStoreContract {
  private Database database;
  private Transactor transactor;
  private final JdbiComputeStore compute = new JdbiComputeStore();
  private final JdbiQuotaStore quotas = new JdbiQuotaStore();
  private final JdbiKeypairStore keypairs = new JdbiKeypairStore();
  private final JdbiServerGroupStore groups = new JdbiServerGroupStore();

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
  void serverDetailsAreSavedReplacedAndReadInBulk() {
    transactor.run(tx -> compute.insertHost(tx, host("compute-1", T0)));
    Instance one = instance("compute-1", "p1", VmState.ACTIVE, T0);
    Instance two = instance("compute-1", "p1", VmState.ACTIVE, T0);
    ServerDetails details =
        new ServerDetails(
            "10.0.0.5",
            "fd00::5",
            ServerDetails.AUTO,
            Optional.of("web"),
            Optional.of("key-1"),
            Map.of("role", "db", "tier", "1"));
    transactor.run(
        tx -> {
          compute.insertInstance(tx, one);
          compute.insertInstance(tx, two);
          compute.saveServerDetails(tx, one.id(), details);
        });
    assertThat(
            transactor.<Map<InstanceId, ServerDetails>>inTransaction(
                tx -> compute.serverDetails(tx, List.of(one.id(), two.id()))))
        .containsExactly(Map.entry(one.id(), details));

    ServerDetails changed =
        details.withMetadata(Map.of("role", "web")).withDescription(Optional.empty());
    transactor.run(tx -> compute.saveServerDetails(tx, one.id(), changed));
    assertThat(
            transactor.<Map<InstanceId, ServerDetails>>inTransaction(
                tx -> compute.serverDetails(tx, List.of(one.id()))))
        .containsEntry(one.id(), changed);
  }

  @Test
  void updateSavesNameAndImage() {
    transactor.run(tx -> compute.insertHost(tx, host("compute-1", T0)));
    Instance vm = instance("compute-1", "p1", VmState.STOPPED, T0);
    transactor.run(tx -> compute.insertInstance(tx, vm));
    Instance rebuilt =
        vm.rebuilt(
            new ImageId("other"),
            "renamed",
            VmState.STOPPED,
            PowerState.SHUTDOWN,
            T0.plusSeconds(1));
    transactor.run(tx -> compute.updateInstance(tx, rebuilt));
    assertThat(
            transactor.<Optional<Instance>>inTransaction(tx -> compute.findInstance(tx, vm.id())))
        .contains(rebuilt);
  }

  @Test
  void hostReportsKeepWhatALaterBeatLeavesOut() {
    transactor.run(
        tx -> {
          compute.insertHost(tx, host("compute-1", T0));
          compute.insertHost(tx, host("compute-2", T0));
        });
    HostReport first =
        new HostReport(
            Optional.of("192.0.2.10"),
            Optional.of(T0.minusSeconds(3600)),
            Optional.of("0.10, 0.20, 0.30"));
    transactor.run(
        tx -> compute.recordHostReport(tx, "compute-1", ComputeHost.COMPUTE_BINARY, first));
    transactor.run(
        tx ->
            compute.recordHostReport(
                tx,
                "compute-1",
                ComputeHost.COMPUTE_BINARY,
                new HostReport(
                    Optional.empty(), Optional.empty(), Optional.of("1.00, 2.00, 3.00"))));
    Map<String, HostReport> reports = transactor.inTransaction(compute::hostReports);
    assertThat(reports).containsOnlyKeys("compute-1");
    assertThat(reports.get("compute-1"))
        .isEqualTo(
            new HostReport(first.hostIp(), first.bootedAt(), Optional.of("1.00, 2.00, 3.00")));
  }

  @Test
  void projectUsageCountsLiveInstancesOfTheProjectOrOneUser() {
    transactor.run(tx -> compute.insertHost(tx, host("compute-1", T0)));
    transactor.run(
        tx -> {
          compute.insertInstance(tx, instance("compute-1", "p1", VmState.ACTIVE, T0));
          compute.insertInstance(tx, instance("compute-1", "p1", VmState.STOPPED, T0));
          compute.insertInstance(tx, instance("compute-1", "p1", VmState.DELETED, T0));
          compute.insertInstance(tx, instance("compute-1", "p2", VmState.ACTIVE, T0));
        });
    assertThat(
            transactor.<HostUsage>inTransaction(
                tx -> compute.usageOfProject(tx, "p1", Optional.empty())))
        .isEqualTo(new HostUsage(2, 1024, 2));
    assertThat(
            transactor.<HostUsage>inTransaction(
                tx -> compute.usageOfProject(tx, "p1", Optional.of("user-1"))))
        .isEqualTo(new HostUsage(2, 1024, 2));
    assertThat(
            transactor.<HostUsage>inTransaction(
                tx -> compute.usageOfProject(tx, "p1", Optional.of("nobody"))))
        .isEqualTo(new HostUsage(0, 0, 0));
  }

  @Test
  void changedSinceListsDeletedInstancesToo() {
    transactor.run(tx -> compute.insertHost(tx, host("compute-1", T0)));
    Instance old = instance("compute-1", "p1", VmState.ACTIVE, T0);
    Instance recent = instance("compute-1", "p1", VmState.ACTIVE, T0.plusSeconds(60));
    Instance gone = instance("compute-1", "p1", VmState.DELETED, T0.plusSeconds(120));
    transactor.run(
        tx -> {
          compute.insertInstance(tx, old);
          compute.insertInstance(tx, recent);
          compute.insertInstance(tx, gone);
        });
    List<Instance> changed =
        transactor.inTransaction(
            tx ->
                compute.listInstancesChangedSince(
                    tx, InstanceFilter.ALL.withProject("p1"), T0.plusSeconds(30)));
    assertThat(changed).extracting(Instance::id).containsExactly(gone.id(), recent.id());
    assertThat(
            transactor.<List<Instance>>inTransaction(
                tx -> compute.listInstances(tx, InstanceFilter.ALL)))
        .extracting(Instance::id)
        .containsExactly(recent.id(), old.id());
  }

  @Test
  void quotaLimitsAreSetPerLevelAndDeleted() {
    transactor.run(
        tx -> {
          quotas.setClassLimits(tx, "default", Map.of(ComputeQuota.INSTANCES, 20L));
          quotas.setLimits(
              tx,
              "p1",
              QuotaStore.PROJECT_LEVEL,
              Map.of(ComputeQuota.INSTANCES, 5L, ComputeQuota.CORES, -1L));
          quotas.setLimits(tx, "p1", "u1", Map.of(ComputeQuota.INSTANCES, 2L));
        });
    transactor.run(
        tx ->
            quotas.setLimits(
                tx, "p1", QuotaStore.PROJECT_LEVEL, Map.of(ComputeQuota.INSTANCES, 6L)));
    transactor.run(
        tx -> {
          assertThat(quotas.classLimits(tx, "default"))
              .containsExactly(Map.entry(ComputeQuota.INSTANCES, 20L));
          assertThat(quotas.limits(tx, "p1", QuotaStore.PROJECT_LEVEL))
              .containsOnly(
                  Map.entry(ComputeQuota.INSTANCES, 6L), Map.entry(ComputeQuota.CORES, -1L));
          assertThat(quotas.limits(tx, "p1", "u1"))
              .containsOnly(Map.entry(ComputeQuota.INSTANCES, 2L));
        });
    transactor.run(tx -> quotas.deleteLimits(tx, "p1", "u1"));
    assertThat(
            transactor.<Map<ComputeQuota, Long>>inTransaction(tx -> quotas.limits(tx, "p1", "u1")))
        .isEmpty();
    assertThat(
            transactor.<Map<ComputeQuota, Long>>inTransaction(
                tx -> quotas.limits(tx, "p1", QuotaStore.PROJECT_LEVEL)))
        .hasSize(2);
    transactor.run(tx -> quotas.setLimits(tx, "p1", "u2", Map.of(ComputeQuota.RAM, 1L)));
    transactor.run(tx -> quotas.deleteLimits(tx, "p1", QuotaStore.PROJECT_LEVEL));
    assertThat(
            transactor.<Map<ComputeQuota, Long>>inTransaction(tx -> quotas.limits(tx, "p1", "u2")))
        .isEmpty();
    assertThat(
            transactor.<Map<ComputeQuota, Long>>inTransaction(
                tx -> quotas.limits(tx, "p1", QuotaStore.PROJECT_LEVEL)))
        .isEmpty();
  }

  @Test
  void keypairsAreUniquePerUserEvenWhenCreatesRace() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> creates =
          java.util.stream.IntStream.range(0, 8)
              .<Callable<Boolean>>mapToObj(
                  i ->
                      () ->
                          transactor.inTransaction(
                              tx -> keypairs.insert(tx, keypair("u1", "k", "fp-" + i))))
              .toList();
      long inserted = 0;
      for (Future<Boolean> result : pool.invokeAll(creates)) {
        inserted += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(inserted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    transactor.run(
        tx -> {
          assertThat(keypairs.insert(tx, keypair("u2", "k", "fp-x"))).isTrue();
          assertThat(keypairs.insert(tx, keypair("u1", "a", "fp-y"))).isTrue();
        });
    transactor.run(
        tx -> {
          assertThat(keypairs.list(tx, "u1")).extracting(Keypair::name).containsExactly("a", "k");
          assertThat(keypairs.count(tx, "u1")).isEqualTo(2);
          assertThat(keypairs.find(tx, "u2", "k")).map(Keypair::fingerprint).contains("fp-x");
          assertThat(keypairs.delete(tx, "u1", "k")).isTrue();
          assertThat(keypairs.delete(tx, "u1", "k")).isFalse();
          assertThat(keypairs.find(tx, "u1", "k")).isEmpty();
        });
  }

  @Test
  void serverGroupsKeepTheirMembersInOrderAndTellWhereTheyRun() {
    transactor.run(
        tx -> {
          compute.insertHost(tx, host("compute-1", T0));
          compute.insertHost(tx, host("compute-2", T0));
        });
    Instance a = instance("compute-1", "p1", VmState.ACTIVE, T0);
    Instance b = instance("compute-1", "p1", VmState.ACTIVE, T0);
    Instance c = instance("compute-2", "p1", VmState.ACTIVE, T0);
    Instance gone = instance("compute-2", "p1", VmState.DELETED, T0);
    ServerGroup apart = group("g-apart", "apart", GroupPolicy.ANTI_AFFINITY, "p1");
    ServerGroup other = group("g-other", "other", GroupPolicy.SOFT_AFFINITY, "p2");
    ServerGroup third = group("g-third", "third", GroupPolicy.AFFINITY, "p1");
    transactor.run(
        tx -> {
          for (Instance instance : List.of(a, b, c, gone)) {
            compute.insertInstance(tx, instance);
          }
          groups.insert(tx, apart);
          groups.insert(tx, other);
          groups.insert(tx, third);
          groups.addMember(tx, apart.id(), c.id());
          groups.addMember(tx, apart.id(), a.id());
          groups.addMember(tx, apart.id(), b.id());
          groups.addMember(tx, apart.id(), gone.id());
        });
    transactor.run(
        tx -> {
          assertThat(groups.find(tx, apart.id()))
              .map(ServerGroup::members)
              .contains(List.of(c.id(), a.id(), b.id(), gone.id()));
          assertThat(groups.lock(tx, apart.id()).map(ServerGroup::policy))
              .contains(GroupPolicy.ANTI_AFFINITY);
          assertThat(groups.find(tx, "g-none")).isEmpty();
          // A deleted member runs nowhere; the one asked about is left out.
          assertThat(groups.memberHosts(tx, apart.id(), Optional.empty()))
              .containsExactlyInAnyOrderEntriesOf(Map.of("compute-1", 2, "compute-2", 1));
          assertThat(groups.memberHosts(tx, apart.id(), Optional.of(c.id())))
              .containsExactlyInAnyOrderEntriesOf(Map.of("compute-1", 2));
          assertThat(groups.memberHosts(tx, third.id(), Optional.empty())).isEmpty();
          assertThat(groups.groupIdOf(tx, a.id())).contains(apart.id());
          assertThat(groups.count(tx, "p1")).isEqualTo(2);
          assertThat(groups.list(tx, Optional.of("p1"), 0, 10))
              .extracting(ServerGroup::name)
              .containsExactly("apart", "third");
          assertThat(groups.list(tx, Optional.empty(), 1, 1))
              .extracting(ServerGroup::name)
              .containsExactly("other");
          assertThat(groups.list(tx, Optional.empty(), 0, 10))
              .extracting(ServerGroup::members)
              .containsExactly(List.of(c.id(), a.id(), b.id(), gone.id()), List.of(), List.of());
        });
    transactor.run(tx -> groups.removeMember(tx, a.id()));
    transactor.run(
        tx -> {
          assertThat(groups.groupIdOf(tx, a.id())).isEmpty();
          assertThat(groups.find(tx, apart.id()))
              .map(ServerGroup::members)
              .contains(List.of(c.id(), b.id(), gone.id()));
          assertThat(groups.delete(tx, apart.id())).isTrue();
          assertThat(groups.delete(tx, apart.id())).isFalse();
          assertThat(groups.groupIdOf(tx, b.id())).isEmpty();
          assertThat(groups.count(tx, "p1")).isEqualTo(1);
        });
  }

  @Test
  void migrationsAreListedNewestFirstAndFiltered() {
    InstanceId one = InstanceId.random();
    InstanceId two = InstanceId.random();
    transactor.run(
        tx -> {
          compute.insertMigration(tx, migration(one, "c-1", "c-2", T0));
          compute.insertMigration(tx, migration(two, "c-2", "c-3", T0.plusSeconds(5)));
          compute.insertMigration(tx, migration(one, "c-2", "c-4", T0.plusSeconds(9)));
        });
    transactor.run(
        tx -> {
          assertThat(compute.listMigrations(tx, Migration.Filter.ALL))
              .extracting(Migration::destCompute)
              .containsExactly("c-4", "c-3", "c-2");
          assertThat(
                  compute.listMigrations(
                      tx,
                      new Migration.Filter(
                          Optional.of("c-2"),
                          Optional.empty(),
                          Optional.of("done"),
                          Optional.of(one),
                          Optional.of("evacuation"))))
              .extracting(Migration::destCompute)
              .containsExactly("c-4", "c-2");
          assertThat(
                  compute.listMigrations(
                      tx,
                      new Migration.Filter(
                          Optional.empty(),
                          Optional.of("c-2"),
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty())))
              .extracting(Migration::instance)
              .containsExactly(one, two);
          Migration first = compute.listMigrations(tx, Migration.Filter.ALL).get(2);
          assertThat(first.instance()).isEqualTo(one);
          assertThat(first.sourceCompute()).isEqualTo("c-1");
          assertThat(first.createdAt()).isEqualTo(T0);
          assertThat(first.oldFlavor()).isEqualTo(new FlavorId("1"));
          assertThat(first.id()).isPositive();
        });
  }

  private static Migration migration(InstanceId instance, String from, String to, Instant at) {
    return new Migration(
        0,
        instance,
        from,
        to,
        Migration.DONE,
        Migration.EVACUATION,
        new FlavorId("1"),
        new FlavorId("1"),
        at,
        at);
  }

  private static ServerGroup group(String id, String name, GroupPolicy policy, String project) {
    return new ServerGroup(id, name, policy, project, "u1", T0, List.of());
  }

  private static Keypair keypair(String user, String name, String fingerprint) {
    return new Keypair(user, name, Keypair.SSH, fingerprint, "ssh-rsa AAAA " + name, T0);
  }
}
