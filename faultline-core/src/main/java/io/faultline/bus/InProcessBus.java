package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded bus: each subscriber has its own single-threaded queue, so a slow subscriber never
 * delays the publisher or the others, and each sees notifications in publication order. A batch is
 * acknowledged once every subscriber's processing of it has completed.
 */
public final class InProcessBus implements Bus {
  private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  @Override
  public void publish(Notification notification) {
    requireNonNull(notification, "notification is null");
    for (Lane lane : lanes.values()) {
      lane.offer(notification);
    }
  }

  @Override
  public CompletableFuture<Void> publishBatch(List<Notification> batch) {
    List<Notification> copy = List.copyOf(batch);
    CompletableFuture<?>[] processed =
        lanes.values().stream().map(lane -> lane.offer(copy)).toArray(CompletableFuture<?>[]::new);
    return CompletableFuture.allOf(processed);
  }

  @Override
  public void subscribe(String name, Subscriber subscriber) {
    requireNonNull(name, "name is null");
    requireNonNull(subscriber, "subscriber is null");
    Lane lane = new Lane(name, subscriber);
    if (lanes.putIfAbsent(name, lane) != null) {
      lane.close();
      throw new IllegalStateException("subscriber already registered: " + name);
    }
  }

  @Override
  public void close() {
    lanes.values().forEach(Lane::close);
    lanes.clear();
  }

  private static final class Lane {
    private final String name;
    private final Subscriber subscriber;
    private final ExecutorService executor;

    Lane(String name, Subscriber subscriber) {
      this.name = name;
      this.subscriber = subscriber;
      this.executor =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "bus-" + name);
                thread.setDaemon(true);
                return thread;
              });
    }

    void offer(Notification notification) {
      executor.execute(() -> deliver(notification));
    }

    CompletableFuture<Void> offer(List<Notification> batch) {
      CompletableFuture<Void> processed = new CompletableFuture<>();
      try {
        executor.execute(() -> deliver(batch, processed));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        processed.completeExceptionally(e); // closing: the batch stays in the outbox
      }
      return processed;
    }

    private void deliver(List<Notification> batch, CompletableFuture<Void> processed) {
      try {
        var unused =
            subscriber
                .onBatch(batch)
                .whenComplete(
                    (ignored, failure) -> {
                      if (failure == null) {
                        processed.complete(null);
                      } else {
                        processed.completeExceptionally(failure);
                      }
                    });
      } catch (RuntimeException e) {
        log.error("subscriber {} failed on a batch of {}", name, batch.size(), e);
        processed.completeExceptionally(e);
      }
    }

    private void deliver(Notification notification) {
      try {
        subscriber.onNotification(notification);
      } catch (RuntimeException e) {
        log.error(
            "subscriber {} failed on {} {}",
            name,
            notification.eventType(),
            notification.messageId(),
            e);
      }
    }

    void close() {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
