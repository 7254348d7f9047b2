package io.faultline.network;

import io.faultline.error.FaultlineException;

/**
 * The data-plane status of a port (blueprint 4): what an external tool last reported about the data
 * plane under the port. Absent (wire {@code null}) means nothing has been reported.
 */
public enum DataPlaneStatus {
  ACTIVE,
  DOWN;

  /** Parses a non-null wire value; anything else is a 400 that names the allowed values. */
  public static DataPlaneStatus parse(String value, String field) {
    for (DataPlaneStatus status : values()) {
      if (status.name().equals(value)) {
        return status;
      }
    }
    throw FaultlineException.badRequest(
        "Invalid input for "
            + field
            + ". Reason: '"
            + value
            + "' is not in [None, 'ACTIVE', 'DOWN']: allowed values are null, ACTIVE and DOWN.");
  }
}
