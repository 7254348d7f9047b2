package io.faultline.doctor;

import io.faultline.cause.FaultId;
import java.time.Instant;
import java.util.Collection;

/**
 * Where each stage of a fault's handling is stamped. Implementations must be cheap: stamps come
 * from the hot path of alarm evaluation and webhook delivery.
 */
public interface FaultTimeline {
  void stamp(FaultId faultId, FaultStage stage, Instant instant);

  /** Records resources the fault affected, e.g. ("alarm", alarm ids). */
  void affected(FaultId faultId, AffectedKind kind, Collection<String> ids);

  /** What a fault touched. */
  enum AffectedKind {
    INSTANCE,
    PORT,
    ALARM
  }

  /** A timeline that records nothing, where no fault is being traced. */
  FaultTimeline NONE =
      new FaultTimeline() {
        @Override
        public void stamp(FaultId faultId, FaultStage stage, Instant instant) {}

        @Override
        public void affected(FaultId faultId, AffectedKind kind, Collection<String> ids) {}
      };
}
