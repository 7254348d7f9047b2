package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt to fence a fault's host, recorded in the store before the fence agent runs, so that a
 * node that adopts the fault after this one died knows a fence may already have happened.
 *
 * @param node the node that attempted it; empty for a process that runs alone
 * @param at when the attempt was recorded, just before the agent ran
 * @param repeat whether an earlier attempt for the same fault was recorded: the agent ran again
 *     with the same fault id, and may already have fenced the host the first time
 */
public record FenceAttempt(Optional<String> node, Instant at, boolean repeat) {
  public FenceAttempt {
    requireNonNull(node, "node is null");
    requireNonNull(at, "at is null");
  }
}
