package io.faultline.alarm;

/**
 * What an alarm history entry records; Aodh's four, plus the outcome of each action delivery and a
 * transition the store refused and that was set aside (quarantined), with why.
 */
public enum ChangeType {
  CREATION("creation"),
  RULE_CHANGE("rule change"),
  STATE_TRANSITION("state transition"),
  DELETION("deletion"),
  DELIVERY("delivery"),
  QUARANTINE("quarantine");

  private final String wireName;

  ChangeType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ChangeType fromWire(String value) {
    for (ChangeType type : values()) {
      if (type.wireName.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown alarm change type: " + value);
  }
}
