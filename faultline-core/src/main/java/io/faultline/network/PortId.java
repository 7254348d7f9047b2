package io.faultline.network;

import static java.util.Objects.requireNonNull;

/** Identifier of a {@link Port}. */
public record PortId(String value) {
  public PortId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("port id is blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
