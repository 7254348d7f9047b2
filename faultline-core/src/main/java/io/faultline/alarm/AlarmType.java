package io.faultline.alarm;

import io.faultline.error.FaultlineException;

/**
 * How an alarm's type was spelled at creation. Aodh's {@code event} and the Doctor seed's {@code
 * notification} are one type (same rule, same evaluator); the spelling is kept only so that the
 * alarm is shown back the way its creator wrote it.
 */
public enum AlarmType {
  EVENT("event", "event_rule"),
  NOTIFICATION("notification", "notification_rule");

  /** Types Faultline evaluates, for error messages. */
  public static final String SUPPORTED = "event, notification";

  private final String wireName;
  private final String ruleKey;

  AlarmType(String wireName, String ruleKey) {
    this.wireName = wireName;
    this.ruleKey = ruleKey;
  }

  public String wireName() {
    return wireName;
  }

  /** The JSON key that carries the rule for this spelling. */
  public String ruleKey() {
    return ruleKey;
  }

  /** Whether the event evaluator (rather than the periodic one) owns alarms of this type. */
  public boolean eventDriven() {
    return switch (this) {
      case EVENT, NOTIFICATION -> true;
    };
  }

  public static AlarmType fromWire(String value) {
    for (AlarmType type : values()) {
      if (type.wireName.equals(value)) {
        return type;
      }
    }
    throw FaultlineException.badRequest(
        "Unsupported alarm type: '" + value + "'; supported types: " + SUPPORTED);
  }
}
