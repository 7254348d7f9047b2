package io.faultline.bus;

/**
 * The notification bus: publish after commit, deliver to every subscriber. Delivery is
 * at-least-once, so subscribers de-duplicate by {@link Notification#messageId()} (see {@link
 * DeduplicatingSubscriber}).
 */
public interface Bus extends AutoCloseable {
  void publish(Notification notification);

  /** Registers a subscriber under a unique name; it receives notifications published afterwards. */
  void subscribe(String name, Subscriber subscriber);

  @Override
  void close();
}
