package io.faultline.compute;

import io.faultline.error.FaultlineException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Nova's {@code vm_state}, owning the moves Faultline makes: a host-down report, reset-state,
 * evacuation's recovery and deletion. An illegal move throws, naming instance, from and to.
 */
public enum VmState {
  ACTIVE("active"),
  BUILDING("building"),
  PAUSED("paused"),
  SUSPENDED("suspended"),
  STOPPED("stopped"),
  RESCUED("rescued"),
  RESIZED("resized"),
  SOFT_DELETED("soft-delete"),
  DELETED("deleted"),
  ERROR("error"),
  SHELVED("shelved"),
  SHELVED_OFFLOADED("shelved_offloaded");

  /** States a host-down report leaves alone (DESIGN §3.1). */
  public static final Set<VmState> UNTOUCHED_BY_HOST_DOWN =
      EnumSet.of(SOFT_DELETED, DELETED, RESIZED, ERROR);

  /** States an instance may be evacuated from (Nova: active, stopped, error). */
  public static final Set<VmState> EVACUABLE = EnumSet.of(ACTIVE, STOPPED, ERROR);

  private final String wireName;

  VmState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static VmState fromWire(String value) {
    return Arrays.stream(values())
        .filter(s -> s.wireName.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown vm_state '" + value + "'"));
  }

  /** Whether a host-down report moves an instance in this state. */
  public boolean affectedByHostDown() {
    return !UNTOUCHED_BY_HOST_DOWN.contains(this);
  }

  /**
   * The states this one may move to. Deleted is terminal; a report stops (or errors) anything live
   * and reset-state forces active/error; from stopped or error, evacuation restores whatever live
   * state the instance had before the report.
   */
  public Set<VmState> allowedNext() {
    return switch (this) {
      case DELETED -> EnumSet.noneOf(VmState.class);
      case STOPPED, ERROR -> EnumSet.complementOf(EnumSet.of(SOFT_DELETED, RESIZED));
      case ACTIVE,
          BUILDING,
          PAUSED,
          SUSPENDED,
          RESCUED,
          SHELVED,
          SHELVED_OFFLOADED,
          RESIZED,
          SOFT_DELETED ->
          EnumSet.of(STOPPED, ERROR, ACTIVE, DELETED);
    };
  }

  /** Checks a move; returns {@code next} so callers can chain. */
  public VmState transitionTo(VmState next, InstanceId instance) {
    if (next == this || allowedNext().contains(next)) {
      return next;
    }
    throw illegal(instance, next);
  }

  private FaultlineException illegal(InstanceId instance, VmState next) {
    return FaultlineException.conflict(
        "Cannot move instance " + instance + " from vm_state " + wireName + " to " + next.wireName);
  }
}
