package io.faultline.validation;

import io.faultline.error.FaultlineException;
import java.util.Optional;

/**
 * The lengths of the store's string columns, checked on every value before the store sees it: a
 * value that does not fit is the caller's mistake (400 naming the field and its limit), never the
 * database's (500). The store contract test checks these against the migrated schema.
 */
public final class FieldLimits {
  /** Ids: {@code VARCHAR(64)}. */
  public static final int ID = 64;

  /** Names, hosts, emails, monitors: {@code VARCHAR(255)}. */
  public static final int NAME = 255;

  /** Keystone descriptions: {@code VARCHAR(1024)}. */
  public static final int DESCRIPTION = 1024;

  /** Alarm descriptions: {@code VARCHAR(4096)}. */
  public static final int ALARM_DESCRIPTION = 4096;

  /** Alarm action URLs, as the delivery table stores them: {@code VARCHAR(2048)}. */
  public static final int ACTION = 2048;

  private FieldLimits() {}

  /** {@code value} when it fits in {@code max} characters; a 400 naming the field otherwise. */
  public static String check(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw FaultlineException.badRequest(
          "Invalid input for field '"
              + field
              + "': it is "
              + value.length()
              + " characters long; at most "
              + max
              + " are allowed");
    }
    return value;
  }

  public static Optional<String> check(String field, Optional<String> value, int max) {
    value.ifPresent(v -> check(field, v, max));
    return value;
  }
}
