package io.faultline.server.metrics;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryJournal;
import io.faultline.alarm.notify.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what happens to alarm action deliveries (webhooks) as the journal records it: {@code
 * faultline_webhook_deliveries_total} by final outcome (sent, failed) and {@code
 * faultline_webhook_retries_total}, the attempts that will be tried again.
 */
public final class CountingDeliveryJournal implements DeliveryJournal {
  private final DeliveryJournal delegate;
  private final Counter sent;
  private final Counter failed;
  private final Counter retries;

  public CountingDeliveryJournal(DeliveryJournal delegate, MeterRegistry registry) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    requireNonNull(registry, "registry is null");
    this.sent = deliveries(registry, "sent");
    this.failed = deliveries(registry, "failed");
    this.retries =
        Counter.builder("faultline.webhook.retries")
            .description("Alarm action delivery attempts that failed and will be tried again")
            .register(registry);
  }

  private static Counter deliveries(MeterRegistry registry, String outcome) {
    return Counter.builder("faultline.webhook.deliveries")
        .description("Alarm action deliveries (webhooks) by final outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void record(Delivery delivery, DeliveryOutcome outcome) {
    delegate.record(delivery, outcome);
    switch (delivery.status()) {
      case SENT -> sent.increment();
      case FAILED -> failed.increment();
      case PENDING -> retries.increment();
    }
  }
}
