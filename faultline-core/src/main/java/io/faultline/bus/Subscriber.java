package io.faultline.bus;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Receives notifications from the bus, one at a time, in publication order. */
@FunctionalInterface
public interface Subscriber {
  void onNotification(Notification notification);

  /**
   * Processes the notifications of one outbox batch (one transaction's), in order. The returned
   * stage completes once everything they cause is durable, and fails when it could not be made so;
   * only then may the batch leave the outbox (acknowledgement after processing). The default
   * handles each notification synchronously, so it is processed when this returns.
   */
  default CompletableFuture<Void> onBatch(List<Notification> batch) {
    batch.forEach(this::onNotification);
    return CompletableFuture.completedFuture(null);
  }
}
