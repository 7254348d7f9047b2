package io.faultline.alarm;

/**
 * Alarm behaviour an operator chooses. {@code requireResourceId}: the seed's option to refuse event
 * alarms without {@code resource_id} (each such alarm is evaluated for every event of its project).
 */
public record AlarmSettings(boolean requireResourceId, int maxActions) {
  public AlarmSettings {
    if (maxActions < -1) {
      throw new IllegalArgumentException("alarm.max-actions must be -1 (unlimited) or more");
    }
  }

  public static AlarmSettings defaults() {
    return new AlarmSettings(false, -1);
  }
}
