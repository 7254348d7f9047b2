package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.Cause;
import io.faultline.concurrent.Stopping;
import io.faultline.tx.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private static final int REMOVE_BATCH = 500;
  private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(1);

  /** How long processed batches wait before they are removed from the outbox together. */
  public static final Duration DEFAULT_REMOVAL_DELAY = Duration.ofMillis(100);

  private final Outbox outbox;
  private final Bus bus;
  private final PublicationListener listener;
  private final InstantSource clock;
  private final ScheduledExecutorService cleaner;
  private final Duration removalDelay;
  private final AtomicBoolean publishFailed = new AtomicBoolean();
  private final AtomicBoolean removalScheduled = new AtomicBoolean();
  private final Queue<String> processedIds = new ConcurrentLinkedQueue<>();

  public OutboxRelay(Outbox outbox, Bus bus) {
    this(outbox, bus, PublicationListener.NONE, InstantSource.system());
  }

  /**
   * @param listener told when the notifications of a cause (a fault) are committed (T3) and
   *     published (T4)
   */
  public OutboxRelay(Outbox outbox, Bus bus, PublicationListener listener, InstantSource clock) {
    this(outbox, bus, listener, clock, DEFAULT_REMOVAL_DELAY);
  }

  /**
   * @param removalDelay how long processed batches wait before they are removed together (zero: at
   *     once); see {@link #removeProcessed()}
   */
  public OutboxRelay(
      Outbox outbox,
      Bus bus,
      PublicationListener listener,
      InstantSource clock,
      Duration removalDelay) {
    this.removalDelay = requireNonNull(removalDelay, "removalDelay is null");
    if (removalDelay.isNegative()) {
      throw new IllegalArgumentException("removalDelay must not be negative: " + removalDelay);
    }
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.bus = requireNonNull(bus, "bus is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.cleaner =
        Executors.newSingleThreadScheduledExecutor(
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
    // Published is the moment the batch is handed to the bus: a consumer on another node can
    // evaluate it before publishBatch returns here, and its stage must not precede this one.
    Instant handedOver = clock.instant();
    CompletableFuture<Void> processed = publishBatch(batch);
    causes.forEach(cause -> listener.published(cause, handedOver));
    var unused =
        processed.whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                log.warn(
                    "batch {} was not processed; it stays in the outbox and is published again",
                    batch.id(),
                    failure);
                publishFailed.set(true);
                return;
              }
              processedIds.add(batch.id());
              scheduleRemoval(removalDelay);
            });
  }

  /** Schedules one removal of what has been processed by then, unless one is scheduled already. */
  private void scheduleRemoval(Duration delay) {
    if (!removalScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      var unused = cleaner.schedule(this::removeProcessed, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      removalScheduled.set(false);
      log.debug("closing; processed batches are replayed at the next start");
    }
  }

  private CompletableFuture<Void> publishBatch(Outbox.Batch batch) {
    try {
      return bus.publishBatch(batch.notifications());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Removes every batch processed so far in one statement and one commit: the batches of a fault
   * (one per host transaction, one per instance reset, ...) leave together instead of costing a
   * durable commit each, which would queue in front of the loop's own commits on a store that
   * commits one at a time (H2). The removal runs a short delay after the first batch is processed:
   * a fault's batch is processed once its alarm transitions are durable, just as its webhooks
   * leave, and its removal then waits until they are out instead of taking the store and a core
   * from them. A batch processed but not yet removed when the process dies is replayed at the next
   * start, which its subscribers de-duplicate, as ever.
   */
  private void removeProcessed() {
    removalScheduled.set(false); // a batch processed from now on schedules the next removal
    List<String> batchIds = new ArrayList<>();
    for (String id; batchIds.size() < REMOVE_BATCH && (id = processedIds.poll()) != null; ) {
      batchIds.add(id);
    }
    if (!batchIds.isEmpty()) {
      remove(batchIds);
    }
    if (!processedIds.isEmpty()) {
      scheduleRemoval(Duration.ZERO);
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
   * notifications. A batch that is not processed in time stays in the outbox and is published again
   * by {@link #retryFailed()}.
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
        // Not only at the next start: the periodic retry publishes them again while this
        // process runs, so a passing failure (the store busy at start) loses nothing.
        publishFailed.set(true);
        log.warn(
            "{} replayed batches were not processed; they stay in the outbox and are published"
                + " again",
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

  /**
   * After a batch was not processed (the broker was away, say), publishes what is left in the
   * outbox again; run periodically. Returns how many notifications it published.
   */
  public int retryFailed() {
    if (!publishFailed.getAndSet(false)) {
      return 0;
    }
    try {
      int published = replay();
      if (outbox.pending(1).isEmpty()) {
        return published;
      }
    } catch (RuntimeException e) {
      log.warn("the outbox could not be published yet; retrying", e);
    }
    publishFailed.set(true);
    return 0;
  }

  /**
   * Waits, for up to 10 s, until every acknowledged batch has been removed from the outbox. A
   * removal still under way then is left to finish, not interrupted (see {@link Stopping}). What it
   * has not removed is replayed at the next start, which subscribers de-duplicate.
   */
  @Override
  public void close() {
    Stopping.withoutInterrupt(
        cleaner,
        Duration.ofSeconds(10),
        () ->
            log.warn(
                "the outbox's processed batches are still being removed; they may be replayed"));
  }
}
