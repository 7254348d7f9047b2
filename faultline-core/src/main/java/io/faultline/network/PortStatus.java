package io.faultline.network;

import io.faultline.error.FaultlineException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Neutron's port status. Ports are created {@code DOWN} (as ML2 does); after that the status is
 * whatever the SDN controller or monitor last reported (blueprint 3): any status may follow any
 * other, because a report describes the data plane as observed, not a workflow step.
 */
public enum PortStatus {
  ACTIVE,
  DOWN,
  BUILD,
  ERROR;

  /** Parses a wire value; anything else is a 400 that names the allowed values. */
  public static PortStatus parse(String value, String field) {
    for (PortStatus status : values()) {
      if (status.name().equals(value)) {
        return status;
      }
    }
    throw FaultlineException.badRequest(
        "Invalid input for "
            + field
            + ". Reason: '"
            + value
            + "' is not in "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ", "[", "]"))
            + ".");
  }
}
