package io.faultline.bus;

import java.util.List;

/**
 * The notification bus: publish after commit, deliver to every subscriber. Delivery is
 * at-least-once, so subscribers de-duplicate by {@link Notification#messageId()} (see {@link
 * DeduplicatingSubscriber}).
 */
public interface Bus extends AutoCloseable {
  void publish(Notification notification);

  /**
   * Publishes the notifications in order and returns once the bus has taken them all (a broker has
   * confirmed them); throws when it has not, so the caller keeps them to publish again.
   */
  default void publishAll(List<Notification> notifications) {
    notifications.forEach(this::publish);
  }

  /** Registers a subscriber under a unique name; it receives notifications published afterwards. */
  void subscribe(String name, Subscriber subscriber);

  @Override
  void close();
}
