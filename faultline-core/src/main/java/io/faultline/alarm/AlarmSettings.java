package io.faultline.alarm;

import io.faultline.alarm.notify.ActionTargets;

/**
 * Alarm behaviour an operator chooses. {@code requireResourceId}: the seed's option to refuse event
 * alarms without {@code resource_id} (each such alarm is evaluated for every event of its project).
 * {@code targets}: where webhook actions may point (open by default, as in Aodh).
 */
public record AlarmSettings(boolean requireResourceId, int maxActions, ActionTargets targets) {
  public AlarmSettings(boolean requireResourceId, int maxActions) {
    this(requireResourceId, maxActions, ActionTargets.open());
  }

  public AlarmSettings {
    java.util.Objects.requireNonNull(targets, "targets is null");
    if (maxActions < -1) {
      throw new IllegalArgumentException("alarm.max-actions must be -1 (unlimited) or more");
    }
  }

  public static AlarmSettings defaults() {
    return new AlarmSettings(false, -1);
  }
}
