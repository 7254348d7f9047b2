package io.faultline.doctor;

import io.faultline.cause.FaultId;

/**
 * Told of what happens to the faults of a {@link FaultLog}, for a live view. Must be cheap and must
 * not block: {@link #changed} runs on the fault loop's hot paths.
 */
public interface FaultListener {
  /** A fault was opened, or its status, stages, reports or affected resources changed. */
  void changed(FaultId fault);

  /** The fault's latest state reached the store, where other processes can read it. */
  default void saved(FaultId fault) {}
}
