package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.cause.FaultId;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultStatus;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.FaultType;
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
}
