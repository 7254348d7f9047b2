package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
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
    if (resourceId.isPresent() && resourceId.get().isBlank()) {
      throw FaultlineException.badRequest("resource_id must not be empty");
    }
    within("name", name, MAX_NAME_LENGTH);
    description.ifPresent(text -> within("description", text, MAX_DESCRIPTION_LENGTH));
    resourceId.ifPresent(id -> within("resource_id", id, MAX_RESOURCE_ID_LENGTH));
    actionsWithin("ok_actions", okActions);
    actionsWithin("alarm_actions", alarmActions);
    actionsWithin("insufficient_data_actions", insufficientDataActions);
  }

  /** The longest name the store keeps. */
  public static final int MAX_NAME_LENGTH = 255;

  /** The longest description the store keeps. */
  public static final int MAX_DESCRIPTION_LENGTH = 4096;

  /** The longest resource id the store keeps. */
  public static final int MAX_RESOURCE_ID_LENGTH = 255;

  /**
   * The longest action URL: each firing stores one delivery row per action, whose column holds this
   * much. A longer one is refused here rather than failing when the alarm fires.
   */
  public static final int MAX_ACTION_LENGTH = 2048;

  private static void within(String field, String value, int limit) {
    if (value.length() > limit) {
      throw FaultlineException.badRequest(
          "'"
              + field
              + "' is "
              + value.length()
              + " characters long; at most "
              + limit
              + " are allowed");
    }
  }

  private static void actionsWithin(String field, List<String> actions) {
    for (int i = 0; i < actions.size(); i++) {
      within(field + "[" + i + "]", actions.get(i), MAX_ACTION_LENGTH);
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
