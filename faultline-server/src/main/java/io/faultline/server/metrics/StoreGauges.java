package io.faultline.server.metrics;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmState;
import io.faultline.store.StoreCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of what the store holds: {@code faultline_hosts{state}}, {@code faultline_outbox_batches}
 * and {@code faultline_outbox_oldest_age_seconds} (zero when the outbox is empty), read at every
 * scrape; and {@code faultline_alarms{state}}, counted at most once every {@link
 * #ALARM_COUNT_INTERVAL}.
 *
 * <p>Why the alarms are counted less often: counting them by state reads the whole alarm table (a
 * fleet's million rows), which no scrape should pay for every few seconds. The count is read from
 * the shared store, never kept in step by the node itself, so every node of a cluster shows the
 * cluster's alarms, and a restarted node shows them at its first scrape.
 */
public final class StoreGauges {
  /** The longest an alarm count is shown before it is read again. */
  public static final Duration ALARM_COUNT_INTERVAL = Duration.ofSeconds(30);

  private final StoreCounts counts;
  private final InstantSource clock;
  private final Duration serviceDownTime;
  private final Map<AlarmState, AtomicLong> alarms = new EnumMap<>(AlarmState.class);
  private final Map<StoreCounts.HostState, AtomicLong> hosts =
      new EnumMap<>(StoreCounts.HostState.class);
  private final AtomicLong outboxBatches = new AtomicLong();
  private final AtomicLong outboxOldestAgeMillis = new AtomicLong();
  private Instant alarmsCountedAt = Instant.MIN;

  public StoreGauges(
      StoreCounts counts, InstantSource clock, Duration serviceDownTime, MeterRegistry registry) {
    this.counts = requireNonNull(counts, "counts is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.serviceDownTime = requireNonNull(serviceDownTime, "serviceDownTime is null");
    requireNonNull(registry, "registry is null");
    for (AlarmState state : AlarmState.values()) {
      AtomicLong value = new AtomicLong();
      alarms.put(state, value);
      Gauge.builder("faultline.alarms", value, AtomicLong::get)
          .description("Alarms by state, counted at most every " + ALARM_COUNT_INTERVAL)
          .tag("state", state.wireName())
          .register(registry);
    }
    for (StoreCounts.HostState state : StoreCounts.HostState.values()) {
      AtomicLong value = new AtomicLong();
      hosts.put(state, value);
      Gauge.builder("faultline.hosts", value, AtomicLong::get)
          .description("Compute hosts by state: up, down, forced_down (fenced), maintenance")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("faultline.outbox.batches", outboxBatches, AtomicLong::get)
        .description("Transactions whose notifications are not yet published")
        .register(registry);
    Gauge.builder(
            "faultline.outbox.oldest.age", outboxOldestAgeMillis, millis -> millis.get() / 1000.0)
        .description("How long the oldest unpublished batch has waited; zero when none waits")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Reads the counts from the store: the alarms' only when their last count is old enough. */
  public synchronized void refresh() {
    Instant now = clock.instant();
    // A clock set back counts again at once, rather than showing the old count until it catches up.
    if (now.isBefore(alarmsCountedAt)
        || !now.isBefore(alarmsCountedAt.plus(ALARM_COUNT_INTERVAL))) {
      counts.alarmsByState().forEach((state, n) -> alarms.get(state).set(n));
      alarmsCountedAt = now;
    }
    counts.hostsByState(now, serviceDownTime).forEach((state, n) -> hosts.get(state).set(n));
    StoreCounts.OutboxDepth outbox = counts.outbox();
    outboxBatches.set(outbox.batches());
    outboxOldestAgeMillis.set(
        outbox
            .oldest()
            .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis()))
            .orElse(0L));
  }
}
