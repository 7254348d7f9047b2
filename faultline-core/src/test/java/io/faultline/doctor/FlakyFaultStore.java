package io.faultline.doctor;

import io.faultline.cause.FaultId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault store in memory whose saves fail as many times as a test says (a store that is down), and
 * that counts the saves that reach it.
 */
final class FlakyFaultStore implements FaultStore {
  private final InMemoryFaultStore delegate = new InMemoryFaultStore();
  final AtomicInteger failingSaves = new AtomicInteger();
  final AtomicInteger saves = new AtomicInteger();

  @Override
  public void save(Fault fault) {
    if (failingSaves.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      throw new IllegalStateException("the database is unavailable");
    }
    saves.incrementAndGet();
    delegate.save(fault);
  }

  @Override
  public List<FenceAttempt> recordFenceAttempt(FaultId id, long epoch, Instant at) {
    return delegate.recordFenceAttempt(id, epoch, at);
  }

  @Override
  public Optional<Fault> add(
      FaultId id, Map<FaultStage, Instant> stamps, Map<AffectedKind, List<String>> affected) {
    return delegate.add(id, stamps, affected);
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
