package io.faultline.network;

import static java.util.Objects.requireNonNull;

/** A security group's id (a UUID). */
public record SecurityGroupId(String value) {
  public SecurityGroupId {
    requireNonNull(value, "value is null");
  }

  @Override
  public String toString() {
    return value;
  }
}
