package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryJournal;
import io.faultline.alarm.notify.DeliveryOutcome;
import io.faultline.tx.Transactor;
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
 */
public final class StoreDeliveryJournal implements DeliveryJournal, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreDeliveryJournal.class);
  private static final int BATCH = 500;

  private record Entry(Delivery delivery, DeliveryOutcome outcome) {}

  private final Transactor transactor;
  private final AlarmStore store;
  private final AlarmActivityListener activity;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;

  public StoreDeliveryJournal(Transactor transactor, AlarmStore store) {
    this(transactor, store, AlarmActivityListener.NONE);
  }

  /**
   * @param activity told of each delivery's alarm once its outcome is written
   */
  public StoreDeliveryJournal(
      Transactor transactor, AlarmStore store, AlarmActivityListener activity) {
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
        queue.drainTo(batch, BATCH - 1);
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
        java.util.UUID.randomUUID().toString(),
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
