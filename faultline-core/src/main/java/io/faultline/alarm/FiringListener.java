package io.faultline.alarm;

import io.faultline.cause.FaultId;
import java.time.Instant;

/**
 * Told when an event caused by a fault fires an alarm, so that the fault's timeline can record the
 * alarm and the time of its evaluation without the alarm package knowing about faults. Must be
 * cheap: it runs on the evaluation path.
 */
@FunctionalInterface
public interface FiringListener {
  void fired(FaultId fault, AlarmId alarm, Instant evaluatedAt);

  /** Records nothing. */
  FiringListener NONE = (fault, alarm, evaluatedAt) -> {};
}
