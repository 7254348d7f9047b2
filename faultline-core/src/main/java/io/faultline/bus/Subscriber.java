package io.faultline.bus;

/** Receives notifications from the bus, one at a time, in publication order. */
@FunctionalInterface
public interface Subscriber {
  void onNotification(Notification notification);
}
