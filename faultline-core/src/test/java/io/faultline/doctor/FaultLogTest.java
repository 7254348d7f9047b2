package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.cause.FaultId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fault log writes what a restart depends on through, and little else: an unfinished fault's
 * stamps wait for its next write-through, a final fault's later stamps are written behind,
 * together.
 */
class FaultLogTest {
  private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");

  /** Counts the saves that reach the store. */
  private static final class CountingStore implements FaultStore {
    private final InMemoryFaultStore delegate = new InMemoryFaultStore();
    int saves;

    @Override
    public synchronized void save(Fault fault) {
      saves++;
      delegate.save(fault);
    }

    @Override
    public Opening open(String subject, Fault candidate) {
      return delegate.open(subject, candidate);
    }

    @Override
    public void resumeEpisode(String subject, FaultId id) {
      delegate.resumeEpisode(subject, id);
    }

    @Override
    public Optional<Fault> find(FaultId id) {
      return delegate.find(id);
    }

    @Override
    public List<Fault> recent(int limit) {
      return delegate.recent(limit);
    }

    @Override
    public List<Fault> list(FaultQuery query) {
      return delegate.list(query);
    }

    @Override
    public int purgeFinishedBefore(Instant cutoff, int batch) {
      return delegate.purgeFinishedBefore(cutoff, batch);
    }

    @Override
    public List<Fault> unfinished() {
      return delegate.unfinished();
    }
  }

  private final CountingStore store = new CountingStore();
  private final ManualWorkQueue writer = new ManualWorkQueue();
  private final FaultLog log = new FaultLog(store, writer, 100);

  private FaultId open() {
    return log.open(
            new FaultLog.Report(
                FaultType.COMPUTE_HOST_DOWN, "h1", Optional.empty(), "test", Optional.empty(), T0),
            T0.plusMillis(1))
        .fault()
        .id();
  }

  @Test
  void anUnfinishedFaultsChangesWaitForItsNextWriteThrough() {
    FaultId id = open();
    log.move(id, FaultStatus.FENCING, Optional.empty());
    log.stamp(id, FaultStage.FENCED, T0.plusMillis(2));
    log.stamp(id, FaultStage.STATES_COMMITTED, T0.plusMillis(3));
    log.affected(id, AffectedKind.INSTANCE, List.of("i1"));

    assertThat(writer.pending()).as("writes scheduled behind").isZero();
    assertThat(store.saves).isZero();
    log.persist(id);
    assertThat(store.saves).isEqualTo(1);
    Fault stored = store.find(id).orElseThrow();
    assertThat(stored.status()).isEqualTo(FaultStatus.FENCING);
    assertThat(stored.stamp(FaultStage.STATES_COMMITTED)).contains(T0.plusMillis(3));
    assertThat(stored.affected().get(AffectedKind.INSTANCE)).containsExactly("i1");
  }

  @Test
  void aFinalFaultsLaterStampsAreWrittenBehindInOneWrite() {
    FaultId id = open();
    log.move(id, FaultStatus.HANDLED, Optional.empty());
    log.persist(id);
    for (int alarm = 0; alarm < 50; alarm++) {
      log.stamp(id, FaultStage.ALARMS_EVALUATED, T0.plusMillis(10 + alarm));
      log.stamp(id, FaultStage.WEBHOOKS_SENT, T0.plusMillis(20 + alarm));
      log.stamp(id, FaultStage.WEBHOOKS_ACKNOWLEDGED, T0.plusMillis(30 + alarm));
    }

    assertThat(store.find(id).orElseThrow().stamp(FaultStage.WEBHOOKS_ACKNOWLEDGED)).isEmpty();
    writer.runAll();
    assertThat(store.saves).as("the write-through and one write behind").isEqualTo(2);
    assertThat(store.find(id).orElseThrow().stamp(FaultStage.WEBHOOKS_ACKNOWLEDGED))
        .contains(T0.plusMillis(79));
  }
}
