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
  public synchronized Opening open(String subject, Fault candidate) {
    FaultId latest = latestBySubject.get(subject);
    Fault current = latest == null ? null : faults.get(latest);
    if (current != null && current.type() == candidate.type() && current.status().mergesRepeats()) {
      Fault merged = withReports(current, current.reports() + 1);
      faults.put(merged.id(), merged);
      return new Opening(merged, true);
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
    return Optional.ofNullable(faults.get(id));
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
        .toList();
  }
}
