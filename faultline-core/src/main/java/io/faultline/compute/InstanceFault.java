package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Why an instance is in the state it is in (Nova's {@code fault}). */
public record InstanceFault(
    InstanceId instanceId, int code, String message, String details, Instant createdAt) {
  public InstanceFault {
    requireNonNull(instanceId, "instanceId is null");
    requireNonNull(message, "message is null");
    requireNonNull(details, "details is null");
    requireNonNull(createdAt, "createdAt is null");
  }

  /** What went wrong, without the instance and time: the part a report shares by all. */
  public record Cause(int code, String message, String details) {
    public Cause {
      requireNonNull(message, "message is null");
      requireNonNull(details, "details is null");
    }
  }
}
