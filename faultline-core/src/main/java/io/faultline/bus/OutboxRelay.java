package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.fault.FaultId;
import io.faultline.fault.FaultScope;
import io.faultline.fault.FaultStage;
import io.faultline.fault.FaultTimeline;
import io.faultline.tx.Transaction;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues notifications in the caller's transaction and publishes them right after it commits.
 * Publication happens on the committing thread (lowest latency); removing the published rows from
 * the outbox happens in the background. A notification published but not yet removed when the
 * process dies is published again by {@link #replay()}; subscribers de-duplicate by message id.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int REPLAY_BATCHES = 100;

  private final Outbox outbox;
  private final Bus bus;
  private final FaultTimeline timeline;
  private final InstantSource clock;
  private final ExecutorService cleaner;
  private final AtomicBoolean publishFailed = new AtomicBoolean();

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
    try {
      bus.publishAll(batch.notifications());
    } catch (RuntimeException e) {
      // The commit stands; the batch stays in the outbox until the bus takes it.
      log.warn("could not publish batch {}; it stays in the outbox", batch.id(), e);
      publishFailed.set(true);
      return;
    }
    fault.ifPresent(id -> timeline.stamp(id, FaultStage.NOTIFICATIONS_PUBLISHED, clock.instant()));
    cleaner.execute(
        () -> {
          try {
            outbox.markPublished(List.of(batch.id()));
          } catch (RuntimeException e) {
            // It stays in the outbox and is replayed at the next start; consumers de-duplicate.
            log.warn("could not remove published batch {} from the outbox", batch.id(), e);
          }
        });
  }

  /**
   * Publishes everything left in the outbox, e.g. by a crash between commit and publication;
   * returns how many notifications.
   */
  public int replay() {
    int total = 0;
    while (true) {
      List<Outbox.Batch> batches = outbox.pending(REPLAY_BATCHES);
      if (batches.isEmpty()) {
        return total;
      }
      for (Outbox.Batch batch : batches) {
        bus.publishAll(batch.notifications());
        total += batch.notifications().size();
      }
      outbox.markPublished(batches.stream().map(Outbox.Batch::id).toList());
    }
  }

  /**
   * After a publication failed (the broker was away), publishes what is left in the outbox; run
   * periodically. Returns how many notifications it published.
   */
  public int retryFailed() {
    if (!publishFailed.getAndSet(false)) {
      return 0;
    }
    try {
      return replay();
    } catch (RuntimeException e) {
      publishFailed.set(true);
      log.warn("the outbox could not be published yet; retrying", e);
      return 0;
    }
  }

  /** Waits until every published notification has been removed from the outbox. */
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
