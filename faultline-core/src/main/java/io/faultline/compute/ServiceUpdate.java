package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.util.Optional;

/**
 * A change to a compute service: any of forced-down (the host-down report when true), status and
 * the reason for disabling. At least one of forced-down and status is required.
 */
public record ServiceUpdate(
    Optional<Boolean> forcedDown, Optional<ServiceStatus> status, Optional<String> disabledReason) {
  public ServiceUpdate {
    requireNonNull(forcedDown, "forcedDown is null");
    requireNonNull(status, "status is null");
    requireNonNull(disabledReason, "disabledReason is null");
    if (forcedDown.isEmpty() && status.isEmpty()) {
      throw FaultlineException.badRequest(
          "No updates were requested. Fields 'status' or 'forced_down' should be specified.");
    }
    if (disabledReason.isPresent() && status.orElse(null) != ServiceStatus.DISABLED) {
      throw FaultlineException.badRequest(
          "Specifying 'disabled_reason' with status other than 'disabled' is invalid.");
    }
    disabledReason.ifPresent(
        reason -> {
          if (reason.isEmpty() || reason.length() > 255) {
            throw FaultlineException.badRequest("disabled_reason must be 1 to 255 characters");
          }
        });
  }

  public static ServiceUpdate forcedDown(boolean value) {
    return new ServiceUpdate(Optional.of(value), Optional.empty(), Optional.empty());
  }
}
