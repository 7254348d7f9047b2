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

/**
 * A snapshot of one fault and its timeline.
 *
 * @param fenceAttempts the attempts to fence its host, in order, each recorded before its fence
 *     agent ran
 * @param epoch the ownership epoch this snapshot was read or is held at: the fencing token the
 *     store compares on each write of the fault (it moves on each time another node adopts the
 *     fault), so that a node that lost the fault cannot write it
 */
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
    Map<AffectedKind, List<String>> affected,
    List<FenceAttempt> fenceAttempts,
    long epoch) {
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
    fenceAttempts = List.copyOf(fenceAttempts);
  }

  /** A fault no fence was attempted for yet, at the first epoch. */
  public Fault(
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
    this(
        id,
        type,
        hostname,
        portId,
        monitor,
        monitorEventId,
        status,
        message,
        reports,
        stamps,
        affected,
        List.of(),
        0);
  }

  /** This fault with these fence attempts (as the store recorded them). */
  public Fault withFenceAttempts(List<FenceAttempt> attempts) {
    return new Fault(
        id,
        type,
        hostname,
        portId,
        monitor,
        monitorEventId,
        status,
        message,
        reports,
        stamps,
        affected,
        attempts,
        epoch);
  }

  /**
   * This fault with stamps and affected resources another process recorded added: a stage this
   * fault has not reached is taken; of a per-consumer stage (T3 on) the later stamp is kept, of a
   * once-per-fault stage this fault's own; affected resources are the union, this fault's first.
   */
  public Fault withAdded(
      Map<FaultStage, Instant> addedStamps, Map<AffectedKind, List<String>> added) {
    if (addedStamps.isEmpty() && added.isEmpty()) {
      return this;
    }
    Map<FaultStage, Instant> mergedStamps = new EnumMap<>(FaultStage.class);
    mergedStamps.putAll(stamps);
    addedStamps.forEach(
        (stage, at) ->
            mergedStamps.merge(
                stage,
                at,
                (own, other) -> stage.keepsLatest() && other.isAfter(own) ? other : own));
    Map<AffectedKind, List<String>> mergedAffected = new EnumMap<>(AffectedKind.class);
    mergedAffected.putAll(affected);
    added.forEach(
        (kind, ids) ->
            mergedAffected.merge(
                kind,
                ids,
                (own, other) -> {
                  java.util.LinkedHashSet<String> union = new java.util.LinkedHashSet<>(own);
                  union.addAll(other);
                  return List.copyOf(union);
                }));
    return new Fault(
        id,
        type,
        hostname,
        portId,
        monitor,
        monitorEventId,
        status,
        message,
        reports,
        mergedStamps,
        mergedAffected,
        fenceAttempts,
        epoch);
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
