package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An alarm, every Aodh field plus the seed's optional {@code resource_id}. */
public record Alarm(
    AlarmId id,
    String name,
    String description,
    AlarmType type,
    EventRule rule,
    boolean enabled,
    AlarmState state,
    String stateReason,
    Severity severity,
    List<String> okActions,
    List<String> alarmActions,
    List<String> insufficientDataActions,
    boolean repeatActions,
    List<TimeConstraint> timeConstraints,
    String projectId,
    String userId,
    Optional<String> resourceId,
    Instant timestamp,
    Instant stateTimestamp) {
  public Alarm {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(type, "type is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(state, "state is null");
    requireNonNull(stateReason, "stateReason is null");
    requireNonNull(severity, "severity is null");
    okActions = List.copyOf(okActions);
    alarmActions = List.copyOf(alarmActions);
    insufficientDataActions = List.copyOf(insufficientDataActions);
    timeConstraints = List.copyOf(timeConstraints);
    requireNonNull(projectId, "projectId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(timestamp, "timestamp is null");
    requireNonNull(stateTimestamp, "stateTimestamp is null");
  }

  /** The actions to call when the alarm enters {@code target}. */
  public List<String> actionsFor(AlarmState target) {
    return switch (target) {
      case OK -> okActions;
      case ALARM -> alarmActions;
      case INSUFFICIENT_DATA -> insufficientDataActions;
    };
  }

  public Alarm withState(AlarmState newState, String reason, Instant now) {
    return new Alarm(
        id,
        name,
        description,
        type,
        rule,
        enabled,
        newState,
        reason,
        severity,
        okActions,
        alarmActions,
        insufficientDataActions,
        repeatActions,
        timeConstraints,
        projectId,
        userId,
        resourceId,
        timestamp,
        now);
  }
}
