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
 * Gauges of what the store holds, read once per scrape: {@code faultline_alarms{state}}, {@code
 * faultline_hosts{state}}, {@code faultline_outbox_batches} and {@code
 * faultline_outbox_oldest_age_seconds} (zero when the outbox is empty).
 */
public final class StoreGauges {
  private final StoreCounts counts;
  private final InstantSource clock;
  private final Duration serviceDownTime;
  private final Map<AlarmState, AtomicLong> alarms = new EnumMap<>(AlarmState.class);
  private final Map<StoreCounts.HostState, AtomicLong> hosts =
      new EnumMap<>(StoreCounts.HostState.class);
  private final AtomicLong outboxBatches = new AtomicLong();
  private final AtomicLong outboxOldestAgeMillis = new AtomicLong();

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
          .description("Alarms by state")
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

  /** Reads every count from the store. */
  public void refresh() {
    Instant now = clock.instant();
    counts.alarmsByState().forEach((state, n) -> alarms.get(state).set(n));
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
