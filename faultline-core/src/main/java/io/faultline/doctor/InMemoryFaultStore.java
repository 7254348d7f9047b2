package io.faultline.doctor;

import io.faultline.cause.FaultId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fault store in memory: the test fake, and what a store-less setup would use. */
public final class InMemoryFaultStore implements FaultStore {
  private final Map<FaultId, Fault> faults = new ConcurrentHashMap<>();

  @Override
  public void save(Fault fault) {
    faults.put(fault.id(), fault);
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
  public List<Fault> unfinished() {
    return faults.values().stream()
        .filter(fault -> !fault.status().isFinal())
        .sorted(
            Comparator.comparing(
                (Fault fault) -> fault.stamp(FaultStage.RECEIVED).orElse(java.time.Instant.EPOCH)))
        .toList();
  }
}
