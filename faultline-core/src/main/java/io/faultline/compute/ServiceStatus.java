package io.faultline.compute;

import java.util.Locale;

/** Whether the scheduler may place on a host (maintenance), independent of up/down. */
public enum ServiceStatus {
  ENABLED,
  DISABLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ServiceStatus fromWire(String value) {
    return switch (value) {
      case "enabled" -> ENABLED;
      case "disabled" -> DISABLED;
      default ->
          throw new IllegalArgumentException(
              "status must be 'enabled' or 'disabled', not '" + value + "'");
    };
  }
}
