package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.concurrent.Stopping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
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

  /** How long a close waits for each subscriber to finish what it was given. */
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofSeconds(5);

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Duration closeWait;

  public InProcessBus() {
    this(DEFAULT_CLOSE_WAIT);
  }

  /**
   * @param closeWait how long a close waits for each subscriber to finish what it was given; after
   *     that, what still waits is dropped, and the notification under way is left to finish
   */
  public InProcessBus(Duration closeWait) {
    this.closeWait = requireNonNull(closeWait, "closeWait is null");
  }

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
    Lane lane = new Lane(name, subscriber, closeWait);
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
    private final Duration closeWait;
    private final ThreadPoolExecutor executor;

    Lane(String name, Subscriber subscriber, Duration closeWait) {
      this.name = name;
      this.subscriber = subscriber;
      this.closeWait = closeWait;
      this.executor =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new LinkedBlockingQueue<>(),
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
      } catch (RejectedExecutionException e) {
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

    /**
     * Lets the subscriber finish what it was given, for up to the close wait. After that, what
     * still waits is dropped (a batch stays in the outbox and is published again at the next start)
     * and the notification under way is left to finish: it is not interrupted, since a subscriber
     * may be writing to the store (see {@link Stopping}).
     */
    void close() {
      Stopping.withoutInterrupt(executor, closeWait, this::dropWaiting);
    }

    private void dropWaiting() {
      List<Runnable> dropped = new ArrayList<>();
      executor.getQueue().drainTo(dropped);
      log.warn(
          "subscriber {} is still busy after {}; {} waiting deliveries to it are dropped"
              + " (their outbox batches are published again at the next start)",
          name,
          closeWait,
          dropped.size());
    }
  }
}
