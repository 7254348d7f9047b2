package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.validation.FieldLimits;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The writable fields of an alarm, as a create or full update (PUT) gives them, validated. Absent
 * optional fields take Aodh's defaults when the service builds the alarm.
 */
public record AlarmDraft(
    String name,
    Optional<String> description,
    AlarmType type,
    EventRule rule,
    boolean enabled,
    Optional<AlarmState> state,
    Severity severity,
    List<String> okActions,
    List<String> alarmActions,
    List<String> insufficientDataActions,
    boolean repeatActions,
    List<TimeConstraint> timeConstraints,
    Optional<String> projectId,
    Optional<String> userId,
    Optional<String> resourceId) {
  public AlarmDraft {
    if (name == null || name.isBlank()) {
      throw FaultlineException.badRequest("Alarm name is required");
    }
    requireNonNull(description, "description is null");
    requireNonNull(type, "type is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(state, "state is null");
    requireNonNull(severity, "severity is null");
    okActions = dedup(okActions);
    alarmActions = dedup(alarmActions);
    insufficientDataActions = dedup(insufficientDataActions);
    timeConstraints = List.copyOf(timeConstraints);
    Set<String> names = new HashSet<>();
    for (TimeConstraint constraint : timeConstraints) {
      if (!names.add(constraint.name())) {
        throw FaultlineException.badRequest(
            "Time constraint names must be unique for a given alarm: " + constraint.name());
      }
    }
    requireNonNull(projectId, "projectId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(resourceId, "resourceId is null");
    FieldLimits.check("name", name, FieldLimits.NAME);
    FieldLimits.check("description", description, FieldLimits.ALARM_DESCRIPTION);
    FieldLimits.check("project_id", projectId, FieldLimits.ID);
    FieldLimits.check("user_id", userId, FieldLimits.ID);
    FieldLimits.check("resource_id", resourceId, FieldLimits.NAME);
    for (List<String> actions : List.of(okActions, alarmActions, insufficientDataActions)) {
      actions.forEach(action -> FieldLimits.check("action", action, FieldLimits.ACTION));
    }
    if (resourceId.isPresent() && resourceId.get().isBlank()) {
      throw FaultlineException.badRequest("resource_id must not be empty");
    }
  }

  /** Aodh de-duplicates action lists, keeping the first occurrence. */
  private static List<String> dedup(List<String> actions) {
    return List.copyOf(new java.util.LinkedHashSet<>(requireNonNull(actions, "actions is null")));
  }

  public List<String> allActions() {
    return java.util.stream.Stream.of(okActions, alarmActions, insufficientDataActions)
        .flatMap(List::stream)
        .toList();
  }
}
