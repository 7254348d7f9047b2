package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.FaultId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A snapshot of one fault and its timeline. */
public record Fault(
    FaultId id,
    FaultType type,
    String hostname,
    Optional<String> portId,
    String monitor,
    Optional<String> monitorEventId,
    FaultStatus status,
    Optional<String> message,
    int reports,
    Map<FaultStage, Instant> stamps,
    Map<AffectedKind, List<String>> affected) {
  public Fault {
    requireNonNull(id, "id is null");
    requireNonNull(type, "type is null");
    requireNonNull(hostname, "hostname is null");
    requireNonNull(portId, "portId is null");
    requireNonNull(monitor, "monitor is null");
    requireNonNull(monitorEventId, "monitorEventId is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
    stamps = stamps.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(stamps));
    Map<AffectedKind, List<String>> copy = new EnumMap<>(AffectedKind.class);
    affected.forEach((kind, ids) -> copy.put(kind, List.copyOf(ids)));
    affected = Map.copyOf(copy);
  }

  public Optional<Instant> stamp(FaultStage stage) {
    return Optional.ofNullable(stamps.get(stage));
  }

  /**
   * Milliseconds from detection (T0) to each stage reached, in stage order. T0 is the monitor's
   * clock, so clock skew between monitor and server shows here.
   */
  public Map<FaultStage, Double> millisecondsSinceDetection() {
    Map<FaultStage, Double> durations = new LinkedHashMap<>();
    Instant start = stamps.get(FaultStage.DETECTED);
    if (start == null) {
      return durations;
    }
    for (FaultStage stage : FaultStage.values()) {
      Instant at = stamps.get(stage);
      if (at != null) {
        durations.put(stage, Duration.between(start, at).toNanos() / 1_000_000.0);
      }
    }
    return durations;
  }
}
