package io.faultline.doctor;

import io.faultline.cause.FaultId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a fault's handling stands. The enum owns the moves allowed between states. */
public enum FaultStatus {
  /** Accepted, not yet handled. */
  RECEIVED,
  /** The host is being fenced. */
  FENCING,
  /** Fencing failed: the host is not forced down, nothing was changed. */
  UNFENCED,
  /** States corrected and notifications published. */
  HANDLED,
  /** Handling failed after fencing; the message says why. */
  FAILED,
  /** Recorded and not acted on (the host is in maintenance); the message says why. */
  IGNORED;

  private Set<FaultStatus> next() {
    return switch (this) {
      case RECEIVED -> EnumSet.of(FENCING, HANDLED, FAILED, IGNORED);
      case FENCING -> EnumSet.of(UNFENCED, HANDLED, FAILED);
      case UNFENCED, HANDLED, FAILED, IGNORED -> EnumSet.noneOf(FaultStatus.class);
    };
  }

  public boolean isFinal() {
    return next().isEmpty();
  }

  /**
   * Whether a repeat report of the same subject and type merges into a fault in this status: while
   * it is open, and once it is handled; after a fault that ended without being handled (unfenced,
   * ignored, failed) a new report is a new attempt.
   */
  public boolean mergesRepeats() {
    return !isFinal() || this == HANDLED;
  }

  /** Checks a move; throws naming the fault, from and to, when it is not allowed. */
  public FaultStatus moveTo(FaultStatus target, FaultId faultId) {
    if (!next().contains(target)) {
      throw new IllegalStateException(
          "fault " + faultId + " cannot move from " + this + " to " + target);
    }
    return target;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
