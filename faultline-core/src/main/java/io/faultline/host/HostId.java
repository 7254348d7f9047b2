package io.faultline.host;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;

/** A compute host's name, as Nova's {@code host} and Neutron's {@code binding:host_id} carry it. */
public record HostId(String value) {
  public HostId {
    requireNonNull(value, "value is null");
    if (value.isBlank() || value.length() > 255) {
      throw FaultlineException.badRequest("host must be 1 to 255 characters, not blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
