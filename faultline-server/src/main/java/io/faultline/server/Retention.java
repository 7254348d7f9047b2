package io.faultline.server;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmStore;
import io.faultline.doctor.FaultLog;
import io.faultline.server.config.RetentionConfig;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expirer (as {@code aodh-expirer} for Aodh): deletes alarm history, finished webhook
 * deliveries and finished faults older than their settings, oldest first, in batches of one
 * transaction each, on its own thread, so that the fault loop never waits for it.
 */
public final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  /** How many rows one purge deleted, per kind. */
  public record Purged(int alarmHistory, int deliveries, int faults) {}

  private final RetentionConfig config;
  private final Transactor transactor;
  private final AlarmStore alarms;
  private final FaultLog faults;
  private final InstantSource clock;

  /** How long the alarm-change log keeps a change. */
  static final java.time.Duration ALARM_CHANGE_LOG = java.time.Duration.ofHours(1);

  public Retention(
      RetentionConfig config,
      Transactor transactor,
      AlarmStore alarms,
      FaultLog faults,
      InstantSource clock) {
    this.config = requireNonNull(config, "config is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.alarms = requireNonNull(alarms, "alarms is null");
    this.faults = requireNonNull(faults, "faults is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** One purge of everything past its retention, batch after batch until none is left. */
  public Purged purge() {
    Instant now = clock.instant();
    int batch = config.batchSize();
    Instant historyCutoff = now.minus(config.alarmHistory());
    Instant deliveryCutoff = now.minus(config.deliveries());
    Instant faultCutoff = now.minus(config.faults());
    Purged purged =
        new Purged(
            drain(
                batch,
                () ->
                    transactor.<Integer>inTransaction(
                        tx -> alarms.purgeHistoryBefore(tx, historyCutoff, batch))),
            drain(
                batch,
                () ->
                    transactor.<Integer>inTransaction(
                        tx -> alarms.purgeDeliveriesBefore(tx, deliveryCutoff, batch))),
            drain(batch, () -> faults.purgeFinishedBefore(faultCutoff, batch)));
    // Live nodes follow the alarm-change log within seconds; one cut off longer reloads its index.
    Instant changeCutoff = now.minus(ALARM_CHANGE_LOG);
    int changes =
        drain(
            batch,
            () ->
                transactor.<Integer>inTransaction(
                    tx -> alarms.purgeChangesBefore(tx, changeCutoff, batch)));
    if (changes > 0) {
      log.debug("retention purged {} alarm-change log entries", changes);
    }
    if (purged.alarmHistory() + purged.deliveries() + purged.faults() > 0) {
      log.info(
          "retention purged {} alarm history entries, {} webhook deliveries and {} faults",
          purged.alarmHistory(),
          purged.deliveries(),
          purged.faults());
    }
    return purged;
  }

  /** The scheduled form: a failure is logged and the next run tries again. */
  void purgeQuietly() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("retention purge failed; it runs again in {}", config.interval(), e);
    }
  }

  private static int drain(int batch, IntSupplier oneBatch) {
    int total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int deleted = oneBatch.getAsInt();
      total += deleted;
      if (deleted < batch) {
        break;
      }
    }
    return total;
  }
}
