package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.FaultId;

/**
 * What to fence, and for which fault. The fault id is the request's idempotency key: every attempt
 * to fence for one fault, on any node (the node that received it, then a node that adopted it after
 * the first died mid-fence), carries the same id, so a fence agent can tell a repeat from a new
 * fault of the same host.
 */
public record FenceRequest(FaultId faultId, String hostname) {
  public FenceRequest {
    requireNonNull(faultId, "faultId is null");
    requireNonNull(hostname, "hostname is null");
  }
}
