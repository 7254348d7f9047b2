package io.faultline.bus;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The notification bus: publish after commit, deliver to every subscriber. Delivery is
 * at-least-once, so subscribers de-duplicate by {@link Notification#messageId()} (see {@link
 * DeduplicatingSubscriber}).
 */
public interface Bus extends AutoCloseable {
  void publish(Notification notification);

  /**
   * Publishes one outbox batch; the stage completes once every subscriber has processed it and made
   * its effects durable ({@link Subscriber#onBatch}), and fails if any could not. The default
   * publishes each notification and acknowledges at once, for buses whose subscribers are
   * synchronous.
   */
  default CompletableFuture<Void> publishBatch(List<Notification> batch) {
    batch.forEach(this::publish);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Registers a subscriber under a unique name; it receives notifications published afterwards.
   * Processes sharing a broker and subscribing under the same name share the work: each
   * notification is processed by one of them, and waits for one while none runs.
   */
  void subscribe(String name, Subscriber subscriber);

  /**
   * Registers a subscriber that sees every notification published while it runs, in every process
   * (a live view, say); nothing is kept for it while it is gone. On a single-process bus this is
   * {@link #subscribe}.
   */
  default void subscribeEveryProcess(String name, Subscriber subscriber) {
    subscribe(name, subscriber);
  }

  /**
   * Registers a subscriber whose notifications are split into {@code partitions} by {@code key}:
   * notifications of one key are processed in order, by the one process that consumes their
   * partition ({@link PartitionedSubscription#consume}). A bus of one process subscribes plainly
   * and consumes everything.
   */
  default PartitionedSubscription subscribePartitioned(
      String name, int partitions, Function<Notification, String> key, Subscriber subscriber) {
    subscribe(name, subscriber);
    return PartitionedSubscription.whole(partitions);
  }

  @Override
  void close();
}
