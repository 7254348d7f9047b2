package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

/**
 * An alarm's id (a UUID string, as Aodh generates); new ones are time-ordered ({@link
 * TimeOrderedIds}).
 */
public record AlarmId(String value) {
  public AlarmId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("alarm id is blank");
    }
  }

  public static AlarmId next() {
    return new AlarmId(TimeOrderedIds.next());
  }

  @Override
  public String toString() {
    return value;
  }
}
