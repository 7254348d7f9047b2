package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.Cause;
import io.faultline.tx.Transaction;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
  private final PublicationListener listener;
  private final InstantSource clock;
  private final ExecutorService cleaner;
  private final AtomicBoolean publishFailed = new AtomicBoolean();

  public OutboxRelay(Outbox outbox, Bus bus) {
    this(outbox, bus, PublicationListener.NONE, InstantSource.system());
  }

  /**
   * @param listener told when the notifications of a cause (a fault) are committed (T3) and
   *     published (T4)
   */
  public OutboxRelay(Outbox outbox, Bus bus, PublicationListener listener, InstantSource clock) {
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.bus = requireNonNull(bus, "bus is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.cleaner =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "outbox-cleaner");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Writes the notifications into the transaction; they are published once it commits. */
  public void enqueue(Transaction transaction, List<Notification> notifications) {
    if (notifications.isEmpty()) {
      return;
    }
    Outbox.Batch batch = outbox.add(transaction, List.copyOf(notifications));
    transaction.afterCommit(() -> publish(batch));
  }

  /**
   * Writes the notifications into the transaction, each carrying {@code cause}; they are published
   * once it commits.
   */
  public void enqueue(Transaction transaction, Cause cause, List<Notification> notifications) {
    requireNonNull(cause, "cause is null");
    enqueue(transaction, notifications.stream().map(n -> n.causedBy(cause)).toList());
  }

  private void publish(Outbox.Batch batch) {
    Set<Cause> causes = new LinkedHashSet<>();
    for (Notification notification : batch.notifications()) {
      notification.cause().ifPresent(causes::add);
    }
    causes.forEach(cause -> listener.committed(cause, clock.instant()));
    try {
      bus.publishAll(batch.notifications());
    } catch (RuntimeException e) {
      // The commit stands; the batch stays in the outbox until the bus takes it.
      log.warn("could not publish batch {}; it stays in the outbox", batch.id(), e);
      publishFailed.set(true);
      return;
    }
    causes.forEach(cause -> listener.published(cause, clock.instant()));
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
