package io.faultline.store;

import io.faultline.bus.Bus;
import io.faultline.bus.Notification;
import io.faultline.bus.Subscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bus that keeps what was published, synchronously; it can be made to fail like a crash. */
final class RecordingBus implements Bus {
  private final List<Notification> published = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  @Override
  public void publish(Notification notification) {
    if (failing) {
      throw new IllegalStateException("bus down (simulated crash before publication)");
    }
    published.add(notification);
  }

  @Override
  public void subscribe(String name, Subscriber subscriber) {
    throw new UnsupportedOperationException("tests read published() instead");
  }

  @Override
  public void close() {}

  List<Notification> published() {
    return List.copyOf(published);
  }

  List<Notification> published(String eventType) {
    return published.stream().filter(n -> n.eventType().equals(eventType)).toList();
  }

  void clear() {
    published.clear();
  }

  void failing(boolean value) {
    failing = value;
  }
}
