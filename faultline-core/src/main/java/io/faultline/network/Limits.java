package io.faultline.network;

import io.faultline.validation.FieldLimits;
import java.util.Optional;

/** Neutron's attribute lengths, checked before the store sees a value (too long is a 400). */
final class Limits {
  static final int NAME = 255;
  static final int DESCRIPTION = 255;
  static final int DEVICE = 255;
  static final int HOST = 255;
  static final int PROJECT = 64;

  private Limits() {}

  static String check(String field, String value, int max) {
    return FieldLimits.check(field, value, max);
  }

  static Optional<String> check(String field, Optional<String> value, int max) {
    value.ifPresent(v -> check(field, v, max));
    return value;
  }
}
