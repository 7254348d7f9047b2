package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the heartbeat monitor decides.
 *
 * @param interval how often agents beat
 * @param missedBeats a host is down once this many beats in a row are missing
 * @param recoveryBeats a down host is up again after this many beats on time in a row (damps
 *     flapping: one stray beat does not bring a host back)
 */
public record MonitorSettings(Duration interval, int missedBeats, int recoveryBeats) {
  public MonitorSettings {
    requireNonNull(interval, "interval is null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("monitor.interval must be positive");
    }
    if (missedBeats < 1) {
      throw new IllegalArgumentException("monitor.missed-beats must be at least 1");
    }
    if (recoveryBeats < 1) {
      throw new IllegalArgumentException("monitor.recovery-beats must be at least 1");
    }
  }

  /** Silence longer than this means down. */
  public Duration downAfter() {
    return interval.multipliedBy(missedBeats);
  }
}
