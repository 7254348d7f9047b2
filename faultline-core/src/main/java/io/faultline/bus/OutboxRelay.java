package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
  private static final int REPLAY_BATCH = 500;

  private final Outbox outbox;
  private final Bus bus;
  private final ExecutorService cleaner;

  public OutboxRelay(Outbox outbox, Bus bus) {
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.bus = requireNonNull(bus, "bus is null");
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
    List<Notification> copy = List.copyOf(notifications);
    outbox.add(transaction, copy);
    transaction.afterCommit(() -> publish(copy));
  }

  private void publish(List<Notification> notifications) {
    notifications.forEach(bus::publish);
    List<String> ids = notifications.stream().map(Notification::messageId).toList();
    cleaner.execute(
        () -> {
          try {
            outbox.markPublished(ids);
          } catch (RuntimeException e) {
            // They stay in the outbox and are replayed at the next start; consumers de-duplicate.
            log.warn("could not remove {} published notifications from the outbox", ids.size(), e);
          }
        });
  }

  /** Publishes everything left in the outbox, e.g. by a crash between commit and publication. */
  public int replay() {
    int total = 0;
    while (true) {
      List<Notification> batch = outbox.pending(REPLAY_BATCH);
      if (batch.isEmpty()) {
        return total;
      }
      batch.forEach(bus::publish);
      outbox.markPublished(batch.stream().map(Notification::messageId).toList());
      total += batch.size();
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
