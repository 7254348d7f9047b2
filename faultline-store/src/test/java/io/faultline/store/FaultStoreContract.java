package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.cause.FaultId;
import io.faultline.cluster.NodeId;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultLog;
import io.faultline.doctor.FaultNotOwned;
import io.faultline.doctor.FaultQuery;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultStatus;
import io.faultline.doctor.FaultStore;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.FaultType;
import io.faultline.doctor.FenceAttempt;
import io.faultline.error.FaultlineException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault store's contract on every engine. */
abstract class FaultStoreContract {
  private Database database;
  private JdbiFaultStore store;

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
    store = new JdbiFaultStore(database);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  /** The store as the node named {@code node} writes to it. */
  private JdbiFaultStore storeOf(String node) {
    return new JdbiFaultStore(database, Optional.of(new NodeId(node)));
  }

  /** The fault log of the node named {@code node}; it never writes behind, only through. */
  private FaultLog faultLogOf(String node) {
    return new FaultLog(storeOf(node), task -> {}, 100);
  }

  /** A sample monitor's report that compute-1 is down, detected at {@code at}. */
  private static FaultLog.Report hostDownReport(Instant at) {
    return new FaultLog.Report(
        FaultType.COMPUTE_HOST_DOWN, "compute-1", Optional.empty(), "sample", Optional.empty(), at);
  }

  private static Fault fault(String id, Instant received, FaultStatus status) {
    return new Fault(
        new FaultId(id),
        FaultType.COMPUTE_HOST_DOWN,
        "compute-1",
        Optional.empty(),
        "sample",
        Optional.of("ev-1"),
        status,
        status == FaultStatus.UNFENCED ? Optional.of("IPMI timeout") : Optional.empty(),
        2,
        Map.of(
            FaultStage.DETECTED, received.minusMillis(3),
            FaultStage.RECEIVED, received,
            FaultStage.WEBHOOKS_ACKNOWLEDGED, received.plusNanos(4_567_000)),
        Map.of(AffectedKind.INSTANCE, List.of("i1", "i2"), AffectedKind.PORT, List.of("p1")));
  }

  @Test
  void savedFaultsRoundTripAndAreReplacedOnSave() {
    Instant received = Instant.parse("2026-01-01T00:00:00.123456Z");
    Fault first = fault("f1", received, FaultStatus.RECEIVED);
    store.save(first);
    assertThat(store.find(first.id())).contains(first);
    Fault handled = fault("f1", received, FaultStatus.UNFENCED);
    store.save(handled);
    assertThat(store.find(first.id())).contains(handled);
    assertThat(store.find(new FaultId("nope"))).isEmpty();
  }

  @Test
  void recentIsNewestFirst() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    store.save(fault("old", base, FaultStatus.HANDLED));
    store.save(fault("new", base.plusSeconds(5), FaultStatus.HANDLED));
    store.save(fault("mid", base.plusSeconds(2), FaultStatus.HANDLED));
    assertThat(store.recent(2)).extracting(f -> f.id().value()).containsExactly("new", "mid");
  }

  @Test
  void unfinishedFaultsAreTheReceivedAndFencingOnesOldestFirst() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    store.save(fault("fencing", base.plusSeconds(2), FaultStatus.FENCING));
    store.save(fault("received", base, FaultStatus.RECEIVED));
    store.save(fault("handled", base.plusSeconds(1), FaultStatus.HANDLED));
    store.save(fault("unfenced", base.plusSeconds(3), FaultStatus.UNFENCED));
    assertThat(store.unfinished())
        .extracting(f -> f.id().value())
        .containsExactly("received", "fencing");
  }

  private static Fault on(String id, String host, FaultType type, FaultStatus status, Instant at) {
    return new Fault(
        new FaultId(id),
        type,
        host,
        Optional.empty(),
        "sample",
        Optional.empty(),
        status,
        Optional.empty(),
        1,
        Map.of(FaultStage.DETECTED, at, FaultStage.RECEIVED, at),
        Map.of());
  }

  private List<String> ids(FaultQuery query) {
    return store.list(query).stream().map(f -> f.id().value()).toList();
  }

  private static FaultQuery query(
      Optional<String> host,
      Optional<FaultType> type,
      Optional<FaultStatus> status,
      Optional<Instant> since) {
    return new FaultQuery(host, type, status, since, 100, Optional.empty());
  }

  @Test
  void listFiltersByHostTypeStatusAndSince() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    store.save(on("a", "compute-1", FaultType.COMPUTE_HOST_DOWN, FaultStatus.HANDLED, base));
    store.save(
        on(
            "b",
            "compute-2",
            FaultType.COMPUTE_HOST_DOWN,
            FaultStatus.UNFENCED,
            base.plusSeconds(1)));
    store.save(
        on(
            "c",
            "compute-1",
            FaultType.NETWORK_PORT_DOWN,
            FaultStatus.HANDLED,
            base.plusSeconds(2)));
    store.save(
        on("d", "compute-1", FaultType.COMPUTE_HOST_UP, FaultStatus.RECEIVED, base.plusSeconds(3)));
    Optional<String> none = Optional.empty();

    assertThat(
            ids(
                query(
                    Optional.of("compute-1"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("d", "c", "a");
    assertThat(
            ids(
                query(
                    none,
                    Optional.of(FaultType.COMPUTE_HOST_DOWN),
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("b", "a");
    assertThat(
            ids(query(none, Optional.empty(), Optional.of(FaultStatus.HANDLED), Optional.empty())))
        .containsExactly("c", "a");
    assertThat(
            ids(query(none, Optional.empty(), Optional.empty(), Optional.of(base.plusSeconds(2)))))
        .containsExactly("d", "c");
    assertThat(
            ids(
                query(
                    Optional.of("compute-1"),
                    Optional.of(FaultType.COMPUTE_HOST_DOWN),
                    Optional.of(FaultStatus.HANDLED),
                    Optional.of(base))))
        .containsExactly("a");
    assertThat(
            ids(
                query(
                    Optional.of("compute-9"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty())))
        .isEmpty();
  }

  @Test
  void listPagesWithLimitAndMarkerAcrossEqualTimestamps() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (String id : List.of("p1", "p2", "p3", "p4", "p5")) {
      store.save(on(id, "compute-1", FaultType.COMPUTE_HOST_DOWN, FaultStatus.HANDLED, base));
    }
    store.save(
        on(
            "p0",
            "compute-1",
            FaultType.COMPUTE_HOST_DOWN,
            FaultStatus.HANDLED,
            base.minusSeconds(1)));
    List<String> seen = new java.util.ArrayList<>();
    Optional<FaultId> marker = Optional.empty();
    while (true) {
      FaultQuery page =
          new FaultQuery(
              Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 2, marker);
      List<Fault> faults = store.list(page);
      if (faults.isEmpty()) {
        break;
      }
      assertThat(faults.size()).isLessThanOrEqualTo(2);
      faults.forEach(fault -> seen.add(fault.id().value()));
      marker = Optional.of(faults.get(faults.size() - 1).id());
    }
    assertThat(seen).containsExactly("p5", "p4", "p3", "p2", "p1", "p0");
  }

  @Test
  void anUnknownMarkerIsABadRequest() {
    assertThatThrownBy(
            () ->
                store.list(
                    new FaultQuery(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        10,
                        Optional.of(new FaultId("gone")))))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining("marker [gone] not found");
  }

  @Test
  void purgeDeletesOnlyFinishedFaultsOlderThanTheCutoffInBatches() {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 5; i++) {
      store.save(
          on(
              "old" + i,
              "h",
              FaultType.COMPUTE_HOST_DOWN,
              FaultStatus.HANDLED,
              base.plusSeconds(i)));
    }
    store.save(on("old-open", "h", FaultType.COMPUTE_HOST_DOWN, FaultStatus.FENCING, base));
    store.save(
        on("new", "h", FaultType.COMPUTE_HOST_DOWN, FaultStatus.HANDLED, base.plusSeconds(100)));
    Instant cutoff = base.plusSeconds(50);

    assertThat(store.purgeFinishedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(store.find(new FaultId("old0"))).isEmpty();
    assertThat(store.find(new FaultId("old2"))).isPresent();
    assertThat(store.purgeFinishedBefore(cutoff, 2)).isEqualTo(2);
    assertThat(store.purgeFinishedBefore(cutoff, 2)).isEqualTo(1);
    assertThat(store.purgeFinishedBefore(cutoff, 2)).isZero();
    assertThat(store.find(new FaultId("old-open"))).isPresent();
    assertThat(store.find(new FaultId("new"))).isPresent();
  }

  private static Fault report(String id, FaultType type, FaultStatus status) {
    Instant received = Instant.parse("2026-01-01T00:00:00Z");
    return new Fault(
        new FaultId(id),
        type,
        "compute-1",
        Optional.empty(),
        "sample",
        Optional.empty(),
        status,
        Optional.empty(),
        1,
        Map.of(FaultStage.RECEIVED, received),
        Map.of());
  }

  @Test
  void aRepeatReportMergesIntoTheOpenFaultOfItsSubjectAndASaveNeverLowersTheCount() {
    Fault first = report("f1", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED);
    FaultStore.Opening opened = store.open("host:compute-1", first);
    assertThat(opened.merged()).isFalse();
    assertThat(opened.fault()).isEqualTo(first);

    FaultStore.Opening repeat =
        store.open(
            "host:compute-1", report("f2", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED));
    assertThat(repeat.merged()).isTrue();
    assertThat(repeat.fault().id()).isEqualTo(first.id());
    assertThat(repeat.fault().reports()).isEqualTo(2);
    assertThat(store.find(new FaultId("f2"))).isEmpty();

    // The process that opened it saves its older copy (one report, now handled): the count stays.
    store.save(report("f1", FaultType.COMPUTE_HOST_DOWN, FaultStatus.HANDLED));
    Fault saved = store.find(first.id()).orElseThrow();
    assertThat(saved.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(saved.reports()).isEqualTo(2);

    // Handled still merges; another subject is another episode.
    assertThat(
            store
                .open(
                    "host:compute-1",
                    report("f3", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED))
                .fault()
                .reports())
        .isEqualTo(3);
    assertThat(
            store
                .open(
                    "host:compute-2",
                    report("f4", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED))
                .merged())
        .isFalse();
  }

  @Test
  void theOppositeReportOrAnUnhandledEndStartsANewEpisode() {
    store.open(
        "host:compute-1", report("down1", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED));
    assertThat(
            store
                .open(
                    "host:compute-1",
                    report("up1", FaultType.COMPUTE_HOST_UP, FaultStatus.RECEIVED))
                .merged())
        .isFalse();
    FaultStore.Opening down2 =
        store.open(
            "host:compute-1", report("down2", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED));
    assertThat(down2.merged()).isFalse();
    assertThat(down2.fault().id().value()).isEqualTo("down2");

    store.save(report("down2", FaultType.COMPUTE_HOST_DOWN, FaultStatus.UNFENCED));
    FaultStore.Opening retry =
        store.open(
            "host:compute-1", report("down3", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED));
    assertThat(retry.merged()).isFalse();
    assertThat(store.find(new FaultId("down3"))).isPresent();
  }

  /**
   * Stages another node stamped (it evaluated the fault's alarms) are added to the record, survive
   * the holder's saves, and every read returns them: the later of a per-consumer stage wins.
   */
  @Test
  void stagesAddedByAnotherNodeSurviveTheHoldersSavesAndAreRead() throws Exception {
    Instant received = Instant.parse("2026-01-01T00:00:00Z");
    Fault held = fault("f1", received, FaultStatus.HANDLED);
    store.save(held);
    JdbiFaultStore other = storeOf("node-b");
    Instant evaluated = received.plusMillis(5);
    Fault added =
        other
            .add(
                held.id(),
                Map.of(
                    FaultStage.ALARMS_EVALUATED,
                    evaluated,
                    FaultStage.WEBHOOKS_ACKNOWLEDGED,
                    received.plusMillis(9)),
                Map.of(AffectedKind.ALARM, List.of("a1")))
            .orElseThrow();
    assertThat(added.stamps())
        .containsEntry(FaultStage.RECEIVED, received)
        .containsEntry(FaultStage.ALARMS_EVALUATED, evaluated)
        .containsEntry(FaultStage.WEBHOOKS_ACKNOWLEDGED, received.plusMillis(9));
    // An earlier T5 added later does not move the stage back; the alarms add up.
    other.add(
        held.id(),
        Map.of(FaultStage.ALARMS_EVALUATED, received.plusMillis(4)),
        Map.of(AffectedKind.ALARM, List.of("a2")));

    store.save(held); // the holder's next save of its own state
    for (Fault read :
        List.of(
            store.find(held.id()).orElseThrow(),
            store.recent(1).get(0),
            store
                .list(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()))
                .get(0))) {
      assertThat(read.stamps())
          .containsEntry(FaultStage.DETECTED, received.minusMillis(3))
          .containsEntry(FaultStage.ALARMS_EVALUATED, evaluated)
          .containsEntry(FaultStage.WEBHOOKS_ACKNOWLEDGED, received.plusMillis(9));
      assertThat(read.affected().get(AffectedKind.ALARM)).containsExactly("a1", "a2");
      assertThat(read.affected().get(AffectedKind.INSTANCE)).containsExactly("i1", "i2");
    }
    assertThat(store.add(new FaultId("nope"), Map.of(), Map.of())).isEmpty();
  }

  /** Two nodes adding stages to one fault at once both keep theirs. */
  @Test
  void concurrentAdditionsFromTwoNodesAreAllKept() throws Exception {
    Instant received = Instant.parse("2026-01-01T00:00:00Z");
    Fault held = fault("f1", received, FaultStatus.HANDLED);
    store.save(held);
    int additions = 16;
    try (var threads = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < additions; i++) {
        String alarm = "a" + i;
        JdbiFaultStore node = storeOf(i % 2 == 0 ? "n-a" : "n-b");
        done.add(
            threads.submit(
                () ->
                    node.add(
                        held.id(),
                        Map.of(FaultStage.WEBHOOKS_SENT, received.plusMillis(10)),
                        Map.of(AffectedKind.ALARM, List.of(alarm)))));
      }
      for (var future : done) {
        future.get();
      }
    }
    assertThat(store.find(held.id()).orElseThrow().affected().get(AffectedKind.ALARM))
        .hasSize(additions);
  }

  /**
   * Two nodes decide merges from the store. A fault that ended without being handled (unfenced) on
   * one node is ended in the store as it ends there, so a new report of its host to the other node
   * opens a new fault at once, though neither node's writer has written anything behind.
   */
  @Test
  void aReportAfterAFaultEndedUnhandledOnAnotherNodeOpensANewFault() {
    FaultLog nodeA = faultLogOf("node-a");
    FaultLog nodeB = faultLogOf("node-b");
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    FaultLog.Report report = hostDownReport(at);
    FaultId first = nodeA.open(report, at).fault().id();
    nodeA.move(first, FaultStatus.FENCING, Optional.empty());
    assertThat(nodeB.open(report, at).merged()).as("a report while it is fenced").isTrue();

    nodeA.move(first, FaultStatus.UNFENCED, Optional.of("IPMI timeout"));
    assertThat(store.find(first).orElseThrow().status()).isEqualTo(FaultStatus.UNFENCED);
    FaultLog.Opened retry = nodeB.open(report, at);
    assertThat(retry.merged()).as("a report once it ended unfenced").isFalse();
    assertThat(retry.fault().id()).isNotEqualTo(first);

    // Handled, it takes repeats again, on either node.
    FaultId second = retry.fault().id();
    nodeB.move(second, FaultStatus.HANDLED, Optional.empty());
    FaultLog.Opened repeat = nodeA.open(report, at);
    assertThat(repeat.merged()).isTrue();
    assertThat(repeat.fault().id()).isEqualTo(second);
  }

  @Test
  void anEpisodeWhoseFaultWasPurgedIsOver() {
    store.open("host:compute-1", report("old", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED));
    store.save(report("old", FaultType.COMPUTE_HOST_DOWN, FaultStatus.HANDLED));
    assertThat(store.purgeFinishedBefore(Instant.parse("2026-01-02T00:00:00Z"), 10)).isEqualTo(1);
    FaultStore.Opening next =
        store.open(
            "host:compute-1", report("new", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED));
    assertThat(next.merged()).isFalse();
    assertThat(store.find(new FaultId("new"))).isPresent();
  }

  /** Two processes on one database, each receiving reports of one host at the same time. */
  @Test
  void concurrentReportsOfOneHostFromTwoNodesOpenOneFault() throws Exception {
    JdbiFaultStore nodeA = storeOf("node-a");
    JdbiFaultStore nodeB = storeOf("node-b");
    int reports = 16;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<FaultStore.Opening>> results = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < reports; i++) {
        JdbiFaultStore node = i % 2 == 0 ? nodeA : nodeB;
        Fault candidate = report("r" + i, FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED);
        results.add(
            threads.submit(
                () -> {
                  start.await();
                  return node.open("host:compute-1", candidate);
                }));
      }
      start.countDown();
      List<FaultStore.Opening> openings = new java.util.ArrayList<>();
      for (var result : results) {
        openings.add(result.get());
      }
      assertThat(openings).filteredOn(opening -> !opening.merged()).hasSize(1);
      FaultId only =
          openings.stream().filter(o -> !o.merged()).findFirst().orElseThrow().fault().id();
      assertThat(openings).extracting(o -> o.fault().id()).containsOnly(only);
      assertThat(store.find(only).orElseThrow().reports()).isEqualTo(reports);
      assertThat(store.recent(100)).hasSize(1);
    }
  }

  /**
   * What a survivor's adoption does to a dead (or paused) node's unfinished fault: it names the
   * survivor and moves the epoch on (JdbiClusterStore.adoptOrphans on PostgreSQL, the only engine a
   * cluster runs on; the same columns written directly here, so the fence holds on both engines).
   */
  private void adopt(FaultId id, String node) {
    database
        .jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "UPDATE fault SET node_id = ?, owner_epoch = owner_epoch + 1 WHERE id = ?",
                    node,
                    id.value()));
  }

  /**
   * The fencing token: once another node adopted a fault, the writes of the node that lost it (its
   * status, its stamps, a fence attempt) are refused and change nothing, while the adopter's, at
   * the epoch it read, go through.
   */
  @Test
  void writesOfANodeThatLostAFaultAreRefusedAndTheAdoptersGoThrough() {
    JdbiFaultStore nodeA = storeOf("node-a");
    JdbiFaultStore nodeB = storeOf("node-b");
    Instant received = Instant.parse("2026-01-01T00:00:00Z");
    Fault opened = report("f1", FaultType.COMPUTE_HOST_DOWN, FaultStatus.RECEIVED);
    assertThat(nodeA.open("host:compute-1", opened).merged()).isFalse();
    Fault held = nodeA.find(opened.id()).orElseThrow();
    assertThat(held.epoch()).isZero();
    List<FenceAttempt> first = nodeA.recordFenceAttempt(held.id(), held.epoch(), received);
    assertThat(first).containsExactly(new FenceAttempt(Optional.of("node-a"), received, false));
    nodeA.save(fault("f1", received, FaultStatus.RECEIVED)); // its owner writes at epoch 0

    adopt(held.id(), "node-b");
    Fault adopted = nodeB.find(held.id()).orElseThrow();
    assertThat(adopted.epoch()).isEqualTo(1);
    assertThat(adopted.fenceAttempts()).as("the adopter sees a fence may have run").hasSize(1);

    // The node that lost it, resuming: refused, nothing written.
    Fault zombie = fault("f1", received, FaultStatus.HANDLED);
    assertThatThrownBy(() -> nodeA.save(zombie))
        .isInstanceOf(FaultNotOwned.class)
        .hasMessageContaining("node-b");
    assertThatThrownBy(() -> nodeA.recordFenceAttempt(held.id(), 0, received.plusSeconds(1)))
        .isInstanceOf(FaultNotOwned.class);
    // Even at the new epoch, another node's write is refused.
    assertThatThrownBy(() -> nodeA.recordFenceAttempt(held.id(), 1, received.plusSeconds(1)))
        .isInstanceOf(FaultNotOwned.class);
    Fault unchanged = store.find(held.id()).orElseThrow();
    assertThat(unchanged.status()).isEqualTo(FaultStatus.RECEIVED);
    assertThat(unchanged.fenceAttempts()).hasSize(1);

    // The adopter fences again with the same fault (a repeat) and ends it.
    Instant again = received.plusSeconds(3);
    List<FenceAttempt> attempts = nodeB.recordFenceAttempt(held.id(), adopted.epoch(), again);
    assertThat(attempts)
        .containsExactly(
            new FenceAttempt(Optional.of("node-a"), received, false),
            new FenceAttempt(Optional.of("node-b"), again, true));
    Fault handled = fault("f1", received, FaultStatus.HANDLED);
    nodeB.save(
        new Fault(
            handled.id(),
            handled.type(),
            handled.hostname(),
            handled.portId(),
            handled.monitor(),
            handled.monitorEventId(),
            handled.status(),
            handled.message(),
            handled.reports(),
            handled.stamps(),
            handled.affected(),
            List.of(),
            adopted.epoch()));
    Fault stored = store.find(held.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(stored.fenceAttempts()).as("saves keep the attempts").isEqualTo(attempts);
    assertThat(store.unfinished()).isEmpty();
  }

  /** A fence attempt for a fault the store does not hold is refused: nobody owns it. */
  @Test
  void aFenceAttemptForAnUnknownFaultIsRefused() {
    assertThatThrownBy(
            () ->
                store.recordFenceAttempt(
                    new FaultId("nope"), 0, Instant.parse("2026-01-01T00:00:00Z")))
        .isInstanceOf(FaultNotOwned.class);
  }

  /**
   * Through the fault log of each node: a node paused past its lease resumes after another node
   * adopted its fault; its final status is refused, it drops the fault, and the record is the
   * adopter's.
   */
  @Test
  void aPausedNodesFinalStatusIsRefusedAndTheAdoptersRecordStands() {
    FaultLog nodeA = faultLogOf("node-a");
    FaultLog nodeB = faultLogOf("node-b");
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    FaultLog.Report report = hostDownReport(at);
    FaultId id = nodeA.open(report, at).fault().id();
    nodeA.move(id, FaultStatus.FENCING, Optional.empty());
    nodeA.recordFenceAttempt(id, at.plusMillis(1));

    adopt(id, "node-b");
    nodeB.adopt(nodeB.stored(id).orElseThrow());
    assertThat(nodeB.recordFenceAttempt(id, at.plusSeconds(3))).hasSize(2);
    nodeB.stamp(id, FaultStage.FENCED, at.plusSeconds(4));
    nodeB.persist(id);
    nodeB.move(id, FaultStatus.HANDLED, Optional.empty());

    nodeA.stamp(id, FaultStage.FENCED, at.plusSeconds(9));
    assertThatThrownBy(() -> nodeA.persist(id)).isInstanceOf(FaultNotOwned.class);
    assertThatThrownBy(() -> nodeA.move(id, FaultStatus.HANDLED, Optional.empty()))
        .isInstanceOf(FaultNotOwned.class);
    nodeA.drop(id);

    Fault stored = store.find(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(stored.stamp(FaultStage.FENCED)).contains(at.plusSeconds(4));
    assertThat(stored.fenceAttempts())
        .extracting(attempt -> attempt.node().orElseThrow())
        .containsExactly("node-a", "node-b");
    assertThat(nodeA.find(id)).as("node A reads the store's record now").contains(stored);
  }
}
