package io.faultline.alarm.notify;

import java.util.concurrent.CompletableFuture;

/** Calls one kind of action (by URL scheme) without blocking the caller. */
public interface ActionSender {
  CompletableFuture<DeliveryOutcome> send(Delivery delivery);

  /**
   * How many deliveries to the receiver of this action may be in flight at once now; the notifier
   * holds the rest back in that receiver's lane. Unlimited unless a sender says otherwise.
   */
  default int maxInFlight(String action) {
    return Integer.MAX_VALUE;
  }
}
