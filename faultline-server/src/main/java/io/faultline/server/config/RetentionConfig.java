package io.faultline.server.config;

import java.time.Duration;

/**
 * {@code retention.*}: what is purged, as {@code aodh-expirer} does for Aodh, in the background.
 *
 * @param enabled run the purge ({@code retention.enabled}, true)
 * @param alarmHistory alarm history entries older than this are deleted ({@code
 *     retention.alarm-history}, P30D)
 * @param deliveries finished webhook deliveries (sent or given up) created longer ago than this are
 *     deleted; pending ones are kept ({@code retention.deliveries}, P7D)
 * @param faults faults that reached a final status, received longer ago than this, are deleted
 *     ({@code retention.faults}, P30D)
 * @param interval time between two purges ({@code retention.interval}, PT1H)
 * @param batchSize rows deleted per transaction ({@code retention.batch-size}, 1000)
 */
public record RetentionConfig(
    Boolean enabled,
    Duration alarmHistory,
    Duration deliveries,
    Duration faults,
    Duration interval,
    Integer batchSize) {
  public RetentionConfig {
    enabled = enabled == null || enabled;
    alarmHistory = positive("retention.alarm-history", alarmHistory, Duration.ofDays(30));
    deliveries = positive("retention.deliveries", deliveries, Duration.ofDays(7));
    faults = positive("retention.faults", faults, Duration.ofDays(30));
    interval = positive("retention.interval", interval, Duration.ofHours(1));
    batchSize = batchSize == null ? 1000 : batchSize;
    if (batchSize < 1) {
      throw new IllegalArgumentException("retention.batch-size must be positive");
    }
  }

  private static Duration positive(String key, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, not " + value);
    }
    return value;
  }

  public static RetentionConfig defaults() {
    return new RetentionConfig(null, null, null, null, null, null);
  }
}
