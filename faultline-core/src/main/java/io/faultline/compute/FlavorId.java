package io.faultline.compute;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link Flavor} ("1" … "5" for the standard ones). */
public record FlavorId(String value) {
  public FlavorId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("flavor id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
