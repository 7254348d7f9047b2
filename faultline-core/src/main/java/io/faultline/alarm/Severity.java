package io.faultline.alarm;

import io.faultline.error.FaultlineException;
import java.util.Locale;

/** Aodh's alarm severities. */
public enum Severity {
  LOW,
  MODERATE,
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromWire(String value) {
    for (Severity severity : values()) {
      if (severity.wireName().equals(value)) {
        return severity;
      }
    }
    throw FaultlineException.badRequest(
        "Invalid severity: '" + value + "'; must be one of: low, moderate, critical");
  }
}
