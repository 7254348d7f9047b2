package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.alarm.AlarmId;
import io.faultline.cause.FaultId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two logs sharing one store, as two nodes of a cluster share their database; and what one log
 * writes: an unfinished fault's stamps wait for its next write-through, a final fault's later
 * stamps are written behind, together.
 */
class FaultLogTest {
  private static final Instant DETECTED = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryFaultStore store = new InMemoryFaultStore();
  private final ManualWorkQueue holderWriter = new ManualWorkQueue();
  private final ManualWorkQueue otherWriter = new ManualWorkQueue();
  private final FaultLog holder = new FaultLog(store, holderWriter, 100);
  private final FaultLog other = new FaultLog(store, otherWriter, 100);

  private static FaultLog.Report hostDown(String host) {
    return new FaultLog.Report(
        FaultType.COMPUTE_HOST_DOWN, host, Optional.empty(), "sample", Optional.of("e1"), DETECTED);
  }

  private static Instant at(int millis) {
    return DETECTED.plusMillis(millis);
  }

  @Test
  void stagesStampedOnANodeThatDoesNotHoldTheFaultReachItsRecordOnEveryNode() {
    FaultId id = holder.open(hostDown("h1"), at(1)).fault().id();
    holder.stamp(id, FaultStage.STATES_COMMITTED, at(3));
    holder.stamp(id, FaultStage.NOTIFICATIONS_PUBLISHED, at(4));
    holderWriter.runAll();

    // The other node evaluated the fault's alarms and sent their webhooks.
    AlarmId alarm = new AlarmId("a1");
    other.fired(id, alarm, at(5));
    other.stamp(id, FaultStage.WEBHOOKS_SENT, at(6));
    other.stamp(id, FaultStage.WEBHOOKS_ACKNOWLEDGED, at(7));
    otherWriter.runAll();

    for (FaultLog node : List.of(holder, other)) {
      Fault fault = node.find(id).orElseThrow();
      assertThat(fault.stamps())
          .containsEntry(FaultStage.ALARMS_EVALUATED, at(5))
          .containsEntry(FaultStage.WEBHOOKS_SENT, at(6))
          .containsEntry(FaultStage.WEBHOOKS_ACKNOWLEDGED, at(7));
      assertThat(fault.affected()).containsEntry(AffectedKind.ALARM, List.of("a1"));
    }

    // The holder's next save of its own state (its write-through, the fault being unfinished)
    // keeps them; its own later stamp is the latest.
    holder.fired(id, new AlarmId("a0"), at(8));
    holder.persist(id);
    Fault stored = store.find(id).orElseThrow();
    assertThat(stored.stamps())
        .containsEntry(FaultStage.RECEIVED, at(1))
        .containsEntry(FaultStage.ALARMS_EVALUATED, at(8))
        .containsEntry(FaultStage.WEBHOOKS_ACKNOWLEDGED, at(7));
    assertThat(stored.affected().get(AffectedKind.ALARM)).containsExactlyInAnyOrder("a0", "a1");
    assertThat(holder.list(FaultQuery.newest(10)).get(0).stamps())
        .containsEntry(FaultStage.WEBHOOKS_ACKNOWLEDGED, at(7));
    assertThat(holder.recent(10).get(0).stamps())
        .containsEntry(FaultStage.WEBHOOKS_ACKNOWLEDGED, at(7));
  }

  @Test
  void stampsForAFaultElsewhereAreCoalescedIntoOneWriteKeepingTheLatest() {
    FaultId id = holder.open(hostDown("h2"), at(1)).fault().id();
    holderWriter.runAll();
    other.stamp(id, FaultStage.WEBHOOKS_SENT, at(6));
    other.stamp(id, FaultStage.WEBHOOKS_SENT, at(9));
    other.stamp(id, FaultStage.WEBHOOKS_SENT, at(7));
    assertThat(otherWriter.pending()).isEqualTo(1);
    otherWriter.runAll();
    assertThat(holder.find(id).orElseThrow().stamp(FaultStage.WEBHOOKS_SENT)).contains(at(9));
  }

  @Test
  void aStampForAFaultNoStoreHoldsIsDropped() {
    other.stamp(new FaultId("gone"), FaultStage.WEBHOOKS_SENT, at(6));
    otherWriter.runAll();
    assertThat(store.find(new FaultId("gone"))).isEmpty();
  }

  private final FlakyFaultStore counting = new FlakyFaultStore();
  private final ManualWorkQueue writer = new ManualWorkQueue();
  private final FaultLog single = new FaultLog(counting, writer, 100);

  private FaultId open() {
    return single
        .open(
            new FaultLog.Report(
                FaultType.COMPUTE_HOST_DOWN,
                "h1",
                Optional.empty(),
                "test",
                Optional.empty(),
                DETECTED),
            at(1))
        .fault()
        .id();
  }

  @Test
  void anUnfinishedFaultsChangesWaitForItsNextWriteThrough() {
    FaultId id = open();
    single.move(id, FaultStatus.FENCING, Optional.empty());
    single.stamp(id, FaultStage.FENCED, at(2));
    single.stamp(id, FaultStage.STATES_COMMITTED, at(3));
    single.affected(id, AffectedKind.INSTANCE, List.of("i1"));

    assertThat(writer.pending()).as("writes scheduled behind").isZero();
    assertThat(counting.saves.get()).isZero();
    single.persist(id);
    assertThat(counting.saves.get()).isEqualTo(1);
    Fault stored = counting.find(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(FaultStatus.FENCING);
    assertThat(stored.stamp(FaultStage.STATES_COMMITTED)).contains(at(3));
    assertThat(stored.affected().get(AffectedKind.INSTANCE)).containsExactly("i1");
  }

  @Test
  void aFinalFaultsLaterStampsAreWrittenBehindInOneWrite() {
    FaultId id = open();
    single.move(id, FaultStatus.HANDLED, Optional.empty()); // written through
    for (int alarm = 0; alarm < 50; alarm++) {
      single.stamp(id, FaultStage.ALARMS_EVALUATED, at(10 + alarm));
      single.stamp(id, FaultStage.WEBHOOKS_SENT, at(20 + alarm));
      single.stamp(id, FaultStage.WEBHOOKS_ACKNOWLEDGED, at(30 + alarm));
    }

    assertThat(counting.find(id).orElseThrow().stamp(FaultStage.WEBHOOKS_ACKNOWLEDGED)).isEmpty();
    writer.runAll();
    assertThat(counting.saves.get()).as("the write-through and one write behind").isEqualTo(2);
    assertThat(counting.find(id).orElseThrow().stamp(FaultStage.WEBHOOKS_ACKNOWLEDGED))
        .contains(at(79));
  }

  @Test
  void aFinalStatusTheStoreDoesNotTakeLeavesTheFaultOpenHereAndThere() {
    FlakyFaultStore flaky = new FlakyFaultStore();
    FaultLog log = new FaultLog(flaky, holderWriter, 100);
    FaultId id = log.open(hostDown("h3"), at(1)).fault().id();
    log.move(id, FaultStatus.FENCING, Optional.empty()); // written behind: the writer has not run
    flaky.failingSaves.set(1);
    assertThatThrownBy(() -> log.move(id, FaultStatus.UNFENCED, Optional.of("IPMI timeout")))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(log.find(id).orElseThrow().status()).isEqualTo(FaultStatus.FENCING);
    assertThat(flaky.find(id).orElseThrow().status().isFinal()).isFalse();

    log.move(id, FaultStatus.UNFENCED, Optional.of("IPMI timeout"));
    // In the store as soon as the move returns, whether the writer ran or not.
    Fault stored = flaky.find(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(FaultStatus.UNFENCED);
    assertThat(stored.message()).contains("IPMI timeout");
    assertThat(log.find(id).orElseThrow().status()).isEqualTo(FaultStatus.UNFENCED);
  }
}
