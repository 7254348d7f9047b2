package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** The id of an application credential. */
public record ApplicationCredentialId(String value) {
  public ApplicationCredentialId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("application credential id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
