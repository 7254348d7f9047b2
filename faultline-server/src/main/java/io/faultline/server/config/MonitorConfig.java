package io.faultline.server.config;

import io.faultline.doctor.MonitorSettings;
import java.time.Duration;

/**
 * {@code monitor.*}: the built-in heartbeat monitor fed by {@code faultline agent}.
 *
 * @param enabled run the monitor ({@code monitor.enabled}, true)
 * @param interval the agents' beat interval; sub-second is fine ({@code monitor.interval}, PT1S)
 * @param missedBeats beats missed in a row before a host is reported down ({@code
 *     monitor.missed-beats}, 3)
 * @param recoveryBeats beats on time in a row before a down host is reported up ({@code
 *     monitor.recovery-beats}, 3)
 * @param startGrace after a start, how long a known compute service has to beat before it is
 *     reported down ({@code monitor.start-grace}, PT10S)
 */
public record MonitorConfig(
    Boolean enabled,
    Duration interval,
    Integer missedBeats,
    Integer recoveryBeats,
    Duration startGrace) {
  public MonitorConfig {
    enabled = enabled == null || enabled;
    interval = interval == null ? Duration.ofSeconds(1) : interval;
    missedBeats = missedBeats == null ? 3 : missedBeats;
    recoveryBeats = recoveryBeats == null ? 3 : recoveryBeats;
    startGrace = startGrace == null ? MonitorSettings.DEFAULT_START_GRACE : startGrace;
    settings(interval, missedBeats, recoveryBeats, startGrace);
  }

  public static MonitorConfig defaults() {
    return new MonitorConfig(null, null, null, null, null);
  }

  public MonitorSettings settings() {
    return settings(interval, missedBeats, recoveryBeats, startGrace);
  }

  private static MonitorSettings settings(
      Duration interval, int missed, int recovery, Duration startGrace) {
    return new MonitorSettings(interval, missed, recovery, startGrace);
  }
}
