package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;

/** Identifier of a {@link Role}; ids come from requests, so a blank one is the caller's error. */
public record RoleId(String value) {
  public RoleId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw FaultlineException.badRequest("role id must not be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
