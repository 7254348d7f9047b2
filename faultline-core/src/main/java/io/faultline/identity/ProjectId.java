package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link Project}. */
public record ProjectId(String value) {
  public ProjectId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("project id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
