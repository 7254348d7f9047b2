package io.faultline.alarm;

import io.faultline.error.FaultlineException;
import java.util.Locale;

/** Aodh's alarm states, with their wire spellings. Any state may follow any other. */
public enum AlarmState {
  OK("ok"),
  ALARM("alarm"),
  INSUFFICIENT_DATA("insufficient data");

  private final String wireName;

  AlarmState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static AlarmState fromWire(String value) {
    for (AlarmState state : values()) {
      if (state.wireName.equals(value.toLowerCase(Locale.ROOT))) {
        return state;
      }
    }
    throw FaultlineException.badRequest(
        "Invalid state: '" + value + "'; must be one of: ok, alarm, insufficient data");
  }
}
