package io.faultline.network;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link Network}. */
public record NetworkId(String value) {
  public NetworkId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("network id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
