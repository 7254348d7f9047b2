package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.fault.FaultId;
import io.faultline.fault.FaultScope;
import io.faultline.fault.FaultStage;
import io.faultline.fault.FaultTimeline;
import io.faultline.tx.Transaction;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues notifications in the caller's transaction and publishes them right after it commits.
 * Publication happens on the committing thread (lowest latency). A batch leaves the outbox only
 * once every subscriber has acknowledged it, that is once everything it causes (alarm transitions,
 * history, deliveries) is durable: a process that dies at any moment before that finds the batch
 * again at the next start, where {@link #replay()} publishes it again; subscribers de-duplicate by
 * message id.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int REPLAY_BATCHES = 100;
  private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(1);

  private final Outbox outbox;
  private final Bus bus;
  private final FaultTimeline timeline;
  private final InstantSource clock;
  private final ExecutorService cleaner;

  public OutboxRelay(Outbox outbox, Bus bus) {
    this(outbox, bus, FaultTimeline.NONE, InstantSource.system());
  }

  /**
   * @param timeline where the commit (T3) and publication (T4) of a fault's state changes are
   *     stamped, for changes made inside a {@link FaultScope}
   */
  public OutboxRelay(Outbox outbox, Bus bus, FaultTimeline timeline, InstantSource clock) {
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.bus = requireNonNull(bus, "bus is null");
    this.timeline = requireNonNull(timeline, "timeline is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.cleaner =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "outbox-cleaner");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Writes the notifications into the transaction; they are published once it commits. Inside a
   * {@link FaultScope}, each payload gains the {@code fault_id} it was caused by.
   */
  public void enqueue(Transaction transaction, List<Notification> notifications) {
    if (notifications.isEmpty()) {
      return;
    }
    Optional<FaultId> fault = FaultScope.current();
    List<Notification> copy =
        fault
            .map(id -> notifications.stream().map(n -> withFault(n, id)).toList())
            .orElseGet(() -> List.copyOf(notifications));
    Outbox.Batch batch = outbox.add(transaction, copy);
    transaction.afterCommit(() -> publish(batch, fault));
  }

  private static Notification withFault(Notification notification, FaultId faultId) {
    Map<String, Object> payload = new LinkedHashMap<>(notification.payload());
    payload.put("fault_id", faultId.value());
    return new Notification(
        notification.messageId(),
        notification.publisherId(),
        notification.eventType(),
        notification.priority(),
        payload,
        notification.timestamp());
  }

  private void publish(Outbox.Batch batch, Optional<FaultId> fault) {
    fault.ifPresent(id -> timeline.stamp(id, FaultStage.STATES_COMMITTED, clock.instant()));
    CompletableFuture<Void> processed = publishBatch(batch);
    fault.ifPresent(id -> timeline.stamp(id, FaultStage.NOTIFICATIONS_PUBLISHED, clock.instant()));
    var unused =
        processed.whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                log.warn(
                    "batch {} was not processed; it stays in the outbox and is replayed at the"
                        + " next start",
                    batch.id(),
                    failure);
                return;
              }
              try {
                cleaner.execute(() -> remove(List.of(batch.id())));
              } catch (RejectedExecutionException e) {
                log.debug("closing; batch {} is replayed at the next start", batch.id());
              }
            });
  }

  private CompletableFuture<Void> publishBatch(Outbox.Batch batch) {
    try {
      return bus.publishBatch(batch.notifications());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void remove(List<String> batchIds) {
    try {
      outbox.markPublished(batchIds);
    } catch (RuntimeException e) {
      // It stays in the outbox and is replayed at the next start; consumers de-duplicate.
      log.warn("could not remove processed batches {} from the outbox", batchIds, e);
    }
  }

  /**
   * Publishes everything left in the outbox, e.g. by a crash before its subscribers had made its
   * effects durable, waits for each page to be processed and removes it; returns how many
   * notifications. A batch that is not processed in time stays for the next start.
   */
  public int replay() {
    int total = 0;
    while (true) {
      List<Outbox.Batch> batches = outbox.pending(REPLAY_BATCHES);
      if (batches.isEmpty()) {
        return total;
      }
      List<String> processed = new ArrayList<>(batches.size());
      List<CompletableFuture<Void>> acknowledgements = new ArrayList<>(batches.size());
      for (Outbox.Batch batch : batches) {
        acknowledgements.add(publishBatch(batch));
        total += batch.notifications().size();
      }
      for (int i = 0; i < batches.size(); i++) {
        if (awaitProcessed(batches.get(i), acknowledgements.get(i))) {
          processed.add(batches.get(i).id());
        }
      }
      outbox.markPublished(processed);
      if (processed.size() < batches.size()) {
        log.warn(
            "{} replayed batches were not processed; they stay for the next start",
            batches.size() - processed.size());
        return total;
      }
    }
  }

  private static boolean awaitProcessed(Outbox.Batch batch, CompletableFuture<Void> processed) {
    try {
      processed.get(REPLAY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      log.warn("replayed batch {} was not processed", batch.id(), e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until every acknowledged batch has been removed from the outbox. */
  @Override
  public void close() {
    cleaner.shutdown();
    try {
      if (!cleaner.awaitTermination(10, TimeUnit.SECONDS)) {
        cleaner.shutdownNow();
      }
    } catch (InterruptedException e) {
      cleaner.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
