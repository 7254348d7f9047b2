package io.faultline.doctor;

import java.time.Duration;

/**
 * Where the fault loop reports what an operator graphs: how long after detection (T0) each stage
 * was reached, and how each fault ended. Implementations must be cheap and must not block: they are
 * called on the fault loop's hot paths (alarm evaluation, webhook delivery).
 */
public interface FaultLoopMetrics {
  /**
   * A fault reached {@code stage}, {@code sinceDetected} after its T0. T1 to T4 are reported once
   * per fault; T5 to T7 once per alarm or webhook that reaches them.
   */
  void stageReached(FaultStage stage, Duration sinceDetected);

  /** A fault's handling ended with a final status. */
  void faultEnded(FaultType type, FaultStatus outcome);

  /** Reports nothing: where no one reads metrics (tests, tools). */
  FaultLoopMetrics NONE =
      new FaultLoopMetrics() {
        @Override
        public void stageReached(FaultStage stage, Duration sinceDetected) {}

        @Override
        public void faultEnded(FaultType type, FaultStatus outcome) {}
      };
}
