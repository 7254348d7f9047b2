package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Identifier of an {@link Instance}: a UUID, as Nova's server ids. */
public record InstanceId(String value) {
  public InstanceId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("instance id is blank");
    }
  }

  public static InstanceId random() {
    return new InstanceId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
