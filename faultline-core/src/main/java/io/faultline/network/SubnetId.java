package io.faultline.network;

import static java.util.Objects.requireNonNull;

/** A subnet's id (a UUID). */
public record SubnetId(String value) {
  public SubnetId {
    requireNonNull(value, "value is null");
  }

  @Override
  public String toString() {
    return value;
  }
}
