package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.cause.FaultId;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultQuery;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultStatus;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.FaultType;
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
}
