package io.faultline.network;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;

/** Identifier of a {@link Port}; ids come from requests, so a blank one is the caller's error. */
public record PortId(String value) {
  public PortId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw FaultlineException.badRequest("port id must not be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
