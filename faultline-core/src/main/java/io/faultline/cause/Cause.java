package io.faultline.cause;

import static java.util.Objects.requireNonNull;

/**
 * Why a change happens: the fault it handles and the principal acting on it. It is passed as an
 * argument into the services a fault drives and carried as a typed field on the notifications they
 * publish, so that it can cross a process; it is written into a payload only at the wire.
 *
 * @param faultId the fault being handled
 * @param principal the name of the acting principal (the inspector's system principal, or the
 *     operator who reported the fault by hand)
 */
public record Cause(FaultId faultId, String principal) {
  public Cause {
    requireNonNull(faultId, "faultId is null");
    requireNonNull(principal, "principal is null");
    if (principal.isBlank()) {
      throw new IllegalArgumentException("principal is blank");
    }
  }
}
