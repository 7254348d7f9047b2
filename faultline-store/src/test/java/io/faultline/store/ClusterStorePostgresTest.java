package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bus.Notification;
import io.faultline.cluster.ClusterNode;
import io.faultline.cluster.ClusterStore;
import io.faultline.cluster.NodeId;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Membership and leases on PostgreSQL, the only engine a cluster runs on. */
class ClusterStorePostgresTest {
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

  private final JdbiClusterStore store = new JdbiClusterStore();
  private final NodeId a = new NodeId("node-a");
  private final NodeId b = new NodeId("node-b");
  private Database database;
  private Transactor tx;

  @BeforeEach
  void setUp() {
    database = TestDatabases.postgres();
    tx = database.transactor();
    tx.run(
        t -> {
          store.register(t, new ClusterNode(a, "http://a", T0, T0.plusSeconds(5)));
          store.register(t, new ClusterNode(b, "http://b", T0, T0.plusSeconds(5)));
        });
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void aHostIsWatchedByOneNodeAndMovesOnlyWhenItsNodeIsDead() {
    List<String> hosts = List.of("h1", "h2", "h3", "h4");
    tx.run(t -> store.renew(t, b, T0.plusSeconds(60)));
    List<String> byA = tx.inTransaction(t -> store.claimHosts(t, a, hosts, T0, 3));
    List<String> byB = tx.inTransaction(t -> store.claimHosts(t, b, hosts, T0, 4));
    assertThat(byA).hasSize(3);
    assertThat(byB).hasSize(1).doesNotContainAnyElementsOf(byA);

    // a is live: b takes nothing of its.
    List<String> whileLive =
        tx.inTransaction(t -> store.claimHosts(t, b, hosts, T0.plusSeconds(4), 4));
    assertThat(whileLive).isEmpty();
    // a's lease has run out: b takes its hosts.
    List<String> afterDeath =
        tx.inTransaction(t -> store.claimHosts(t, b, hosts, T0.plusSeconds(6), 4));
    assertThat(afterDeath).containsExactlyInAnyOrderElementsOf(byA);
    java.util.Set<String> watched = tx.inTransaction(t -> store.watchedBy(t, b));
    assertThat(watched).containsExactlyInAnyOrderElementsOf(hosts);
    Map<NodeId, Integer> counts = tx.inTransaction(store::hostCounts);
    assertThat(counts).isEqualTo(Map.of(b, 4));
  }

  @Test
  void aPartitionIsHeldByOneNodeAndMovesOnlyWhenReleasedOrItsNodeIsDead() {
    List<Integer> partitions = List.of(0, 1, 2, 3, 4, 5);
    tx.run(t -> store.renew(t, b, T0.plusSeconds(60)));
    List<Integer> byA = tx.inTransaction(t -> store.claimPartitions(t, a, partitions, T0, 4));
    List<Integer> byB = tx.inTransaction(t -> store.claimPartitions(t, b, partitions, T0, 6));
    assertThat(byA).hasSize(4);
    assertThat(byB).hasSize(2).doesNotContainAnyElementsOf(byA);

    // a gives one up: b may take it, and nothing else of a's while a is live.
    tx.run(t -> store.releasePartitions(t, a, List.of(byA.get(0))));
    List<Integer> released =
        tx.inTransaction(t -> store.claimPartitions(t, b, partitions, T0.plusSeconds(4), 6));
    assertThat(released).containsExactly(byA.get(0));
    // a's lease has run out: b takes the rest.
    List<Integer> afterDeath =
        tx.inTransaction(t -> store.claimPartitions(t, b, partitions, T0.plusSeconds(6), 6));
    assertThat(afterDeath).containsExactlyInAnyOrderElementsOf(byA.subList(1, 4));
    java.util.Set<Integer> ofB = tx.inTransaction(t -> store.partitionsOf(t, b));
    assertThat(ofB).containsExactlyInAnyOrderElementsOf(partitions);
    Map<NodeId, List<Integer>> byNode = tx.inTransaction(store::partitionsByNode);
    assertThat(byNode).isEqualTo(Map.of(b, partitions));
  }

  @Test
  void aDeadNodesOutboxAndPendingDeliveriesAreAdoptedOnce() {
    JdbiOutbox outboxOfA = new JdbiOutbox(database, Optional.of(a));
    tx.run(
        t ->
            outboxOfA.add(
                t, List.of(Notification.info("test", "compute.instance.update", Map.of(), T0))));
    assertThat(new JdbiOutbox(database, Optional.of(b)).pending(10)).isEmpty();

    ClusterStore.Adopted early = tx.inTransaction(t -> store.adoptOrphans(t, b, T0.plusSeconds(4)));
    assertThat(early).isEqualTo(new ClusterStore.Adopted(0, List.of(), List.of()));

    tx.run(t -> store.renew(t, b, T0.plusSeconds(60)));
    List<ClusterStore.Adopted> adopted = new ArrayList<>();
    adopted.add(tx.inTransaction(t -> store.adoptOrphans(t, b, T0.plusSeconds(6))));
    adopted.add(tx.inTransaction(t -> store.adoptOrphans(t, b, T0.plusSeconds(7))));
    assertThat(adopted.get(0).outboxBatches()).isEqualTo(1);
    assertThat(adopted.get(1).isEmpty()).isTrue();
    assertThat(new JdbiOutbox(database, Optional.of(b)).pending(10)).hasSize(1);
    assertThat(outboxOfA.pending(10)).isEmpty();
  }

  @Test
  void aNodeRemovedAsDeadIsToldSoWhenItRenews() {
    boolean renewed = tx.inTransaction(t -> store.renew(t, a, T0.plusSeconds(9)));
    int forgotten = tx.inTransaction(t -> store.forgetDead(t, T0.plusSeconds(8)));
    boolean renewedAfterRemoval = tx.inTransaction(t -> store.renew(t, b, T0.plusSeconds(12)));
    List<ClusterNode> nodes = tx.inTransaction(store::nodes);
    assertThat(renewed).isTrue();
    assertThat(forgotten).isEqualTo(1);
    assertThat(renewedAfterRemoval).isFalse();
    assertThat(nodes).extracting(ClusterNode::id).containsExactly(a);
  }

  /**
   * A dead node's unfinished fault is adopted at the next epoch, so the writes of the node that
   * lost it (were it only paused) are refused, and the adopter's go through.
   */
  @Test
  void aDeadNodesUnfinishedFaultIsAdoptedAtTheNextEpochAndItsOldOwnerIsRefused() {
    JdbiFaultStore faultsOfA = new JdbiFaultStore(database, Optional.of(a));
    JdbiFaultStore faultsOfB = new JdbiFaultStore(database, Optional.of(b));
    io.faultline.doctor.Fault fault =
        new io.faultline.doctor.Fault(
            new io.faultline.cause.FaultId("f1"),
            io.faultline.doctor.FaultType.COMPUTE_HOST_DOWN,
            "compute-1",
            Optional.empty(),
            "sample",
            Optional.empty(),
            io.faultline.doctor.FaultStatus.FENCING,
            Optional.empty(),
            1,
            Map.of(io.faultline.doctor.FaultStage.RECEIVED, T0),
            Map.of());
    faultsOfA.open("host:compute-1", fault);
    faultsOfA.recordFenceAttempt(fault.id(), 0, T0);

    tx.run(t -> store.renew(t, b, T0.plusSeconds(60)));
    ClusterStore.Adopted adopted =
        tx.inTransaction(t -> store.adoptOrphans(t, b, T0.plusSeconds(6)));
    assertThat(adopted.faultIds()).containsExactly("f1");
    io.faultline.doctor.Fault taken = faultsOfB.find(fault.id()).orElseThrow();
    assertThat(taken.epoch()).isEqualTo(1);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> faultsOfA.recordFenceAttempt(fault.id(), 0, T0.plusSeconds(7)))
        .isInstanceOf(io.faultline.doctor.FaultNotOwned.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> faultsOfA.save(fault))
        .isInstanceOf(io.faultline.doctor.FaultNotOwned.class);
    assertThat(faultsOfB.recordFenceAttempt(fault.id(), taken.epoch(), T0.plusSeconds(7)))
        .extracting(io.faultline.doctor.FenceAttempt::repeat)
        .containsExactly(false, true);
  }
}
