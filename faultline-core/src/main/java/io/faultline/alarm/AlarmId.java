package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** An alarm's id (a UUID string, as Aodh generates). */
public record AlarmId(String value) {
  public AlarmId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("alarm id is blank");
    }
  }

  public static AlarmId random() {
    return new AlarmId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
