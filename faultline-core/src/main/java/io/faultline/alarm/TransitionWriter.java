package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.Notifier;
import io.faultline.tx.Transactor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the evaluator's transitions in batches, one transaction per batch (group commit), and
 * only then hands their deliveries to the notifier: a webhook is never sent for a transition that
 * is not durable, and thousands of transitions a second cost a few commits. The evaluator has
 * already put the new state in the index (under the alarm's lock), so the next event sees it at
 * once; if a batch cannot be written, the index is put back for the alarms it changed.
 */
public final class TransitionWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransitionWriter.class);
  private static final int BATCH = 1000;

  /** One decided transition: the alarm before and after, its history entry, its deliveries. */
  public record Transition(
      Alarm before, Alarm after, AlarmChange change, List<Delivery> deliveries) {
    public Transition {
      requireNonNull(before, "before is null");
      requireNonNull(after, "after is null");
      requireNonNull(change, "change is null");
      deliveries = List.copyOf(deliveries);
    }
  }

  private final Transactor transactor;
  private final AlarmStore store;
  private final AlarmIndex index;
  private final Notifier notifier;
  private final BlockingQueue<Transition> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Object progress = new Object();
  private long submitted;
  private long written;
  private volatile boolean running = true;

  public TransitionWriter(
      Transactor transactor, AlarmStore store, AlarmIndex index, Notifier notifier) {
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.store = requireNonNull(store, "store is null");
    this.index = requireNonNull(index, "index is null");
    this.notifier = requireNonNull(notifier, "notifier is null");
    this.writer = new Thread(this::run, "alarm-transition-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  public void submit(Transition transition) {
    synchronized (progress) {
      submitted++;
    }
    queue.add(transition);
  }

  /** Waits until everything submitted before this call is written (or failed). */
  public void awaitWritten() throws InterruptedException {
    synchronized (progress) {
      long target = submitted;
      while (written < target) {
        progress.wait(TimeUnit.SECONDS.toMillis(1));
      }
    }
  }

  private void run() {
    List<Transition> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Transition first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        synchronized (progress) {
          written += batch.size();
          progress.notifyAll();
        }
        batch.clear();
      }
    }
  }

  private void write(List<Transition> batch) {
    List<Alarm> alarms = new ArrayList<>(batch.size());
    List<AlarmChange> changes = new ArrayList<>(batch.size());
    List<Delivery> deliveries = new ArrayList<>();
    for (Transition transition : batch) {
      alarms.add(transition.after());
      changes.add(transition.change());
      deliveries.addAll(transition.deliveries());
    }
    try {
      transactor.run(
          tx -> {
            store.updateStates(tx, alarms);
            store.appendHistory(tx, changes);
            store.insertDeliveries(tx, deliveries);
          });
    } catch (RuntimeException e) {
      log.error("could not persist {} alarm transitions; they are dropped", batch.size(), e);
      for (Transition transition : batch) {
        index
            .get(transition.after().id())
            .filter(current -> current.equals(transition.after()))
            .ifPresent(current -> index.put(transition.before()));
      }
      return;
    }
    notifier.submit(deliveries);
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
