package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link Role}. */
public record RoleId(String value) {
  public RoleId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("role id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
