package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link Domain}. */
public record DomainId(String value) {
  public DomainId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("domain id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
