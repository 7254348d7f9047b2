package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Identifier of a compute service ({@link ComputeHost}): a UUID, as Nova's ids from 2.53. */
public record ServiceId(String value) {
  public ServiceId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("service id is blank");
    }
  }

  public static ServiceId random() {
    return new ServiceId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
