package io.faultline.cause;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.UUID;

/** Identifier of a {@link Fault}; travels in notifications ({@code fault_id}) and webhooks. */
public record FaultId(String value) {
  public FaultId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw FaultlineException.badRequest("fault id must not be blank");
    }
  }

  public static FaultId random() {
    return new FaultId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
