package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link User}. */
public record UserId(String value) {
  public UserId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("user id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
