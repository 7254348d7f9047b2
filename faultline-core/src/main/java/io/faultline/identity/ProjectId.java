package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;

/**
 * Identifier of a {@link Project}; ids come from requests, so a blank one is the caller's error.
 */
public record ProjectId(String value) {
  public ProjectId {
    requireNonNull(value, "value is null");
    if (value.isBlank()) {
      throw FaultlineException.badRequest("project id must not be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
