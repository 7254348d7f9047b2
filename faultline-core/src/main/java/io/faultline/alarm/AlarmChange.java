package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One entry of an alarm's history (Aodh's AlarmChange); {@code detail} is a JSON document. */
public record AlarmChange(
    String eventId,
    AlarmId alarmId,
    ChangeType type,
    String detail,
    String projectId,
    String userId,
    String onBehalfOf,
    Severity severity,
    Instant timestamp) {
  public AlarmChange {
    requireNonNull(eventId, "eventId is null");
    requireNonNull(alarmId, "alarmId is null");
    requireNonNull(type, "type is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(onBehalfOf, "onBehalfOf is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(timestamp, "timestamp is null");
  }

  public static AlarmChange of(
      Alarm alarm, ChangeType type, String detail, String userId, String projectId, Instant now) {
    return new AlarmChange(
        TimeOrderedIds.next(),
        alarm.id(),
        type,
        detail,
        projectId,
        userId,
        alarm.projectId(),
        alarm.severity(),
        now);
  }
}
