package io.faultline.doctor;

import io.faultline.cause.FaultId;
import io.faultline.error.FaultlineException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fault store in memory: the test fake, and what a store-less setup would use. */
public final class InMemoryFaultStore implements FaultStore {
  private final Map<FaultId, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, FaultId> latestBySubject = new ConcurrentHashMap<>();

  /** What processes that do not hold a fault added to it, apart from what saves replace. */
  private final Map<FaultId, Fault> added = new ConcurrentHashMap<>();

  /** The fence attempts of each fault, apart from what saves replace. */
  private final Map<FaultId, List<FenceAttempt>> attempts = new ConcurrentHashMap<>();

  @Override
  public synchronized void save(Fault fault) {
    Fault prior = faults.get(fault.id());
    faults.put(
        fault.id(),
        prior == null || prior.reports() <= fault.reports()
            ? fault
            : withReports(fault, prior.reports()));
  }

  @Override
  public synchronized Optional<Fault> add(
      FaultId id,
      Map<FaultStage, Instant> stamps,
      Map<FaultTimeline.AffectedKind, List<String>> affected) {
    Fault fault = faults.get(id);
    if (fault == null) {
      return Optional.empty();
    }
    Fault empty =
        new Fault(
            id,
            fault.type(),
            fault.hostname(),
            fault.portId(),
            fault.monitor(),
            fault.monitorEventId(),
            fault.status(),
            Optional.empty(),
            0,
            Map.of(),
            Map.of());
    added.put(id, added.getOrDefault(id, empty).withAdded(stamps, affected));
    return Optional.of(withAdditions(fault));
  }

  private Fault withAdditions(Fault fault) {
    Fault additions = added.get(fault.id());
    Fault read =
        additions == null ? fault : fault.withAdded(additions.stamps(), additions.affected());
    return read.withFenceAttempts(attempts.getOrDefault(fault.id(), List.of()));
  }

  /** One process alone owns every fault: the attempt is always recorded. */
  @Override
  public synchronized List<FenceAttempt> recordFenceAttempt(FaultId id, long epoch, Instant at) {
    if (!faults.containsKey(id)) {
      throw new FaultNotOwned(id, "fault " + id + " is not in the store");
    }
    List<FenceAttempt> before = attempts.getOrDefault(id, List.of());
    List<FenceAttempt> after = new java.util.ArrayList<>(before);
    after.add(new FenceAttempt(Optional.empty(), at, !before.isEmpty()));
    attempts.put(id, List.copyOf(after));
    return List.copyOf(after);
  }

  @Override
  public synchronized Opening open(String subject, Fault candidate) {
    FaultId latest = latestBySubject.get(subject);
    Fault current = latest == null ? null : faults.get(latest);
    if (current != null && current.type() == candidate.type() && current.status().mergesRepeats()) {
      Fault merged = withReports(current, current.reports() + 1);
      faults.put(merged.id(), merged);
      return new Opening(withAdditions(merged), true);
    }
    faults.put(candidate.id(), candidate);
    latestBySubject.put(subject, candidate.id());
    return new Opening(candidate, false);
  }

  @Override
  public synchronized void resumeEpisode(String subject, FaultId id) {
    latestBySubject.putIfAbsent(subject, id);
  }

  private static Fault withReports(Fault fault, int reports) {
    return new Fault(
        fault.id(),
        fault.type(),
        fault.hostname(),
        fault.portId(),
        fault.monitor(),
        fault.monitorEventId(),
        fault.status(),
        fault.message(),
        reports,
        fault.stamps(),
        fault.affected());
  }

  @Override
  public Optional<Fault> find(FaultId id) {
    return Optional.ofNullable(faults.get(id)).map(this::withAdditions);
  }

  @Override
  public List<Fault> recent(int limit) {
    return faults.values().stream()
        .sorted(
            Comparator.comparing(
                    (Fault fault) ->
                        fault.stamp(FaultStage.RECEIVED).orElse(java.time.Instant.EPOCH))
                .reversed())
        .limit(limit)
        .map(this::withAdditions)
        .toList();
  }

  @Override
  public List<Fault> list(FaultQuery query) {
    List<Fault> newest =
        faults.values().stream()
            .sorted(
                Comparator.comparing(
                        (Fault fault) -> fault.stamp(FaultStage.RECEIVED).orElse(Instant.EPOCH))
                    .thenComparing(fault -> fault.id().value())
                    .reversed())
            .toList();
    int start = 0;
    if (query.marker().isPresent()) {
      FaultId marker = query.marker().get();
      start = -1;
      for (int i = 0; i < newest.size(); i++) {
        if (newest.get(i).id().equals(marker)) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw FaultlineException.badRequest("marker [" + marker.value() + "] not found");
      }
    }
    return newest.subList(start, newest.size()).stream()
        .map(this::withAdditions)
        .filter(query::matches)
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized int purgeFinishedBefore(Instant cutoff, int batch) {
    List<FaultId> old =
        faults.values().stream()
            .filter(fault -> fault.status().isFinal())
            .filter(
                fault -> fault.stamp(FaultStage.RECEIVED).orElse(Instant.EPOCH).isBefore(cutoff))
            .limit(batch)
            .map(Fault::id)
            .toList();
    old.forEach(faults::remove);
    old.forEach(added::remove);
    old.forEach(attempts::remove);
    latestBySubject.values().removeIf(id -> !faults.containsKey(id));
    return old.size();
  }

  @Override
  public List<Fault> unfinished() {
    return faults.values().stream()
        .filter(fault -> !fault.status().isFinal())
        .sorted(
            Comparator.comparing(
                (Fault fault) -> fault.stamp(FaultStage.RECEIVED).orElse(java.time.Instant.EPOCH)))
        .map(this::withAdditions)
        .toList();
  }
}
