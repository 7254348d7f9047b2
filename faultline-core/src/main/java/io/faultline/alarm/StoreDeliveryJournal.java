package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryJournal;
import io.faultline.alarm.notify.DeliveryOutcome;
import io.faultline.tx.Transactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists delivery outcomes in batches on one background thread (one transaction per batch, so
 * thousands of deliveries a second cost a few commits): the delivery row's status and attempt count
 * and, once a delivery is finished, a {@code delivery} entry in the alarm's history. A batch that
 * cannot be written is written entry by entry, so one bad outcome stays alone.
 *
 * <p>A batch gathers the outcomes that arrive within a short linger after its first one: the
 * answers to one fault's webhooks, which come over some milliseconds, are written in one commit
 * after them rather than in several commits among them, where each would take the store (and, on an
 * embedded store, a core) from the webhooks still being sent. Nothing depends on an outcome being
 * written at once: a delivery whose outcome a crash lost is still pending in the store and is sent
 * again at the next start with the same delivery id (at least once), and a retry is scheduled by
 * the notifier in memory, not read back from here.
 */
public final class StoreDeliveryJournal implements DeliveryJournal, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreDeliveryJournal.class);
  private static final int BATCH = 500;

  /** How often a lingering batch looks whether the journal is closing. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** How long a batch waits for more outcomes after its first, unless it fills first. */
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(100);

  private record Entry(Delivery delivery, DeliveryOutcome outcome) {}

  private final Transactor transactor;
  private final AlarmStore store;
  private final AlarmActivityListener activity;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final long lingerNanos;
  private volatile boolean running = true;

  public StoreDeliveryJournal(Transactor transactor, AlarmStore store) {
    this(transactor, store, AlarmActivityListener.NONE);
  }

  /**
   * @param activity told of each delivery's alarm once its outcome is written
   */
  public StoreDeliveryJournal(
      Transactor transactor, AlarmStore store, AlarmActivityListener activity) {
    this(transactor, store, activity, DEFAULT_LINGER);
  }

  /**
   * @param activity told of each delivery's alarm once its outcome is written
   * @param linger how long a batch waits for more outcomes after its first (zero: none)
   */
  public StoreDeliveryJournal(
      Transactor transactor, AlarmStore store, AlarmActivityListener activity, Duration linger) {
    requireNonNull(linger, "linger is null");
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must not be negative: " + linger);
    }
    this.lingerNanos = linger.toNanos();
    this.activity = requireNonNull(activity, "activity is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.store = requireNonNull(store, "store is null");
    this.writer = new Thread(this::run, "alarm-delivery-journal");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  @Override
  public void record(Delivery delivery, DeliveryOutcome outcome) {
    queue.add(new Entry(delivery, outcome));
  }

  private void run() {
    List<Entry> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        gather(batch);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("could not record {} delivery outcomes together; one by one", batch.size(), e);
        writeEach(batch);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Adds to the batch what arrives within the linger after its first outcome, up to {@link #BATCH};
   * a closing journal stops waiting and writes what it has.
   */
  private void gather(List<Entry> batch) throws InterruptedException {
    long deadline = System.nanoTime() + lingerNanos;
    while (true) {
      queue.drainTo(batch, BATCH - batch.size());
      long left = deadline - System.nanoTime();
      if (batch.size() >= BATCH || left <= 0 || !running) {
        return;
      }
      Entry next = queue.poll(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
      if (next != null) {
        batch.add(next);
      }
    }
  }

  /** One bad outcome never takes the others with it. */
  private void writeEach(List<Entry> batch) {
    for (Entry entry : batch) {
      try {
        write(List.of(entry));
      } catch (RuntimeException e) {
        // The row stays pending and is retried after a restart; at-least-once, not lost.
        log.error("could not record the outcome of delivery {}", entry.delivery().id(), e);
      }
    }
  }

  private void write(List<Entry> batch) {
    List<Delivery> deliveries = new ArrayList<>(batch.size());
    List<AlarmChange> changes = new ArrayList<>();
    for (Entry entry : batch) {
      Delivery delivery = entry.delivery();
      deliveries.add(delivery);
      if (delivery.status().isFinal()) {
        changes.add(history(delivery, entry.outcome()));
      }
    }
    transactor.run(
        tx -> {
          store.updateDeliveries(tx, deliveries);
          store.appendHistory(tx, changes);
        });
    for (Delivery delivery : deliveries) {
      activity.changed(delivery.projectId(), delivery.alarmId());
    }
  }

  private static AlarmChange history(Delivery delivery, DeliveryOutcome outcome) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("delivery_id", delivery.id().value());
    detail.put("action", delivery.action());
    detail.put("outcome", delivery.status().name().toLowerCase(java.util.Locale.ROOT));
    detail.put("attempts", delivery.attempts());
    detail.put("result", outcome.describe());
    delivery.faultId().ifPresent(faultId -> detail.put("fault_id", faultId.value()));
    return new AlarmChange(
        TimeOrderedIds.next(),
        delivery.alarmId(),
        ChangeType.DELIVERY,
        AlarmJson.write(detail),
        "",
        "",
        delivery.projectId(),
        delivery.severity(),
        delivery.nextAttemptAt());
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
