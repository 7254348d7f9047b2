package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.ActionSender;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryOutcome;
import io.faultline.cause.FaultId;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * Stamps a fault's timeline around the deliveries it caused: T6 when a webhook is sent, T7 when the
 * consumer acknowledges it. The fault comes from the delivery's typed field; deliveries without a
 * fault pass through untouched.
 */
public final class TimelineStampingSender implements ActionSender {
  private final ActionSender delegate;
  private final FaultTimeline timeline;
  private final InstantSource clock;

  public TimelineStampingSender(
      ActionSender delegate, FaultTimeline timeline, InstantSource clock) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.timeline = requireNonNull(timeline, "timeline is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public CompletableFuture<DeliveryOutcome> send(Delivery delivery) {
    if (delivery.faultId().isEmpty()) {
      return delegate.send(delivery);
    }
    FaultId fault = delivery.faultId().get();
    timeline.stamp(fault, FaultStage.WEBHOOKS_SENT, clock.instant());
    return delegate
        .send(delivery)
        .whenComplete(
            (outcome, failure) -> {
              if (outcome instanceof DeliveryOutcome.Sent) {
                timeline.stamp(fault, FaultStage.WEBHOOKS_ACKNOWLEDGED, clock.instant());
              }
            });
  }
}
