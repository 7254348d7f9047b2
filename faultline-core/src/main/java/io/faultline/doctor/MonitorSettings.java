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
 * @param startGrace after a start, how long every compute service the store knows has to beat
 *     before the monitor reports it down (its agent may have died while the monitor was not
 *     running)
 */
public record MonitorSettings(
    Duration interval, int missedBeats, int recoveryBeats, Duration startGrace) {
  public static final Duration DEFAULT_START_GRACE = Duration.ofSeconds(10);

  public MonitorSettings {
    requireNonNull(interval, "interval is null");
    requireNonNull(startGrace, "startGrace is null");
    if (startGrace.isNegative()) {
      throw new IllegalArgumentException("monitor.start-grace must not be negative");
    }
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

  public MonitorSettings(Duration interval, int missedBeats, int recoveryBeats) {
    this(interval, missedBeats, recoveryBeats, DEFAULT_START_GRACE);
  }

  /** Silence longer than this means down. */
  public Duration downAfter() {
    return interval.multipliedBy(missedBeats);
  }
}
