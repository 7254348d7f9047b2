package io.faultline.doctor;

/** Isolates a failed host (power off, cut its network) so that its instances cannot run twice. */
@FunctionalInterface
public interface FenceAgent {
  FenceResult fence(String hostname);

  /** For clouds that fence by other means, or not at all: every host counts as fenced. */
  FenceAgent NONE = hostname -> new FenceResult.Fenced("none");
}
