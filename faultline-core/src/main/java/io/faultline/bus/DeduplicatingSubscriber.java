package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops notifications whose {@code message_id} it has already seen, remembering the most recent
 * {@code capacity} ids. Redelivery after an outbox replay comes soon after the original, so a
 * bounded window is enough.
 */
public final class DeduplicatingSubscriber implements Subscriber {
  private final Subscriber delegate;
  private final Map<String, Boolean> seen;

  public DeduplicatingSubscriber(Subscriber delegate, int capacity) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public void onNotification(Notification notification) {
    boolean first;
    synchronized (seen) {
      first = seen.putIfAbsent(notification.messageId(), Boolean.TRUE) == null;
    }
    if (first) {
      delegate.onNotification(notification);
    }
  }
}
