package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmId;
import io.faultline.alarm.Severity;
import io.faultline.cause.FaultId;
import java.time.Instant;
import java.util.Optional;

/**
 * One call of one action URL for one firing, persisted until it is sent or given up so that it
 * survives a restart. {@code body} is the JSON document to post.
 */
public record Delivery(
    DeliveryId id,
    AlarmId alarmId,
    String projectId,
    Severity severity,
    String action,
    String body,
    Optional<FaultId> faultId,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant createdAt) {
  public Delivery {
    requireNonNull(id, "id is null");
    requireNonNull(alarmId, "alarmId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(action, "action is null");
    requireNonNull(body, "body is null");
    requireNonNull(faultId, "faultId is null");
    requireNonNull(status, "status is null");
    requireNonNull(nextAttemptAt, "nextAttemptAt is null");
    requireNonNull(lastError, "lastError is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  public static Delivery pending(
      AlarmId alarmId,
      String projectId,
      Severity severity,
      String action,
      String body,
      Optional<FaultId> faultId,
      Instant now) {
    return pending(DeliveryId.random(), alarmId, projectId, severity, action, body, faultId, now);
  }

  public static Delivery pending(
      DeliveryId id,
      AlarmId alarmId,
      String projectId,
      Severity severity,
      String action,
      String body,
      Optional<FaultId> faultId,
      Instant now) {
    return new Delivery(
        id,
        alarmId,
        projectId,
        severity,
        action,
        body,
        faultId,
        DeliveryStatus.PENDING,
        0,
        now,
        "",
        now);
  }

  public Delivery after(int attempt, DeliveryStatus newStatus, String error, Instant next) {
    return new Delivery(
        id, alarmId, projectId, severity, action, body, faultId, newStatus, attempt, next, error,
        createdAt);
  }
}
