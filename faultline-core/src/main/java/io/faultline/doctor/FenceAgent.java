package io.faultline.doctor;

/**
 * Isolates a failed host (power off, cut its network) so that its instances cannot run twice.
 *
 * <p>Fencing is at least once per fault: a node that dies after its agent fenced a host but before
 * the fenced stage is stored leaves the fault to a survivor, which fences again with the same
 * {@link FenceRequest#faultId}. An agent must treat a repeat of a fault id it already fenced as
 * done (powering off a host that is off is, by nature).
 */
@FunctionalInterface
public interface FenceAgent {
  FenceResult fence(FenceRequest request);

  /** For clouds that fence by other means, or not at all: every host counts as fenced. */
  FenceAgent NONE = request -> new FenceResult.Fenced("none");
}
