package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Drops notifications whose {@code message_id} it has already seen, remembering the most recent
 * {@code capacity} ids. Redelivery after an outbox replay comes soon after the original, so a
 * bounded window is enough. A duplicate is acknowledged only when the original's processing is, and
 * a notification whose processing failed is processed again when it comes back.
 */
public final class DeduplicatingSubscriber implements Subscriber {
  private final Subscriber delegate;
  private final Map<String, CompletableFuture<Void>> seen;

  public DeduplicatingSubscriber(Subscriber delegate, int capacity) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Void>> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public void onNotification(Notification notification) {
    var unused = onBatch(List.of(notification));
  }

  @Override
  public CompletableFuture<Void> onBatch(List<Notification> batch) {
    List<Notification> fresh = new ArrayList<>(batch.size());
    List<CompletableFuture<Void>> earlier = new ArrayList<>();
    CompletableFuture<Void> processed = new CompletableFuture<>();
    synchronized (seen) {
      for (Notification notification : batch) {
        CompletableFuture<Void> previous = seen.get(notification.messageId());
        if (previous != null && !previous.isCompletedExceptionally()) {
          earlier.add(previous);
        } else {
          seen.put(notification.messageId(), processed);
          fresh.add(notification);
        }
      }
    }
    if (fresh.isEmpty()) {
      processed.complete(null);
    } else {
      try {
        var unused =
            delegate
                .onBatch(fresh)
                .whenComplete(
                    (ignored, failure) -> {
                      if (failure == null) {
                        processed.complete(null);
                      } else {
                        processed.completeExceptionally(failure);
                      }
                    });
      } catch (RuntimeException e) {
        processed.completeExceptionally(e);
      }
    }
    earlier.add(processed);
    return CompletableFuture.allOf(earlier.toArray(CompletableFuture<?>[]::new));
  }
}
