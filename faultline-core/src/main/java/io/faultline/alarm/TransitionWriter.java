package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.Notifier;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.tx.Transactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the evaluator's transitions, and only then hands their deliveries to the notifier: a
 * webhook is never sent for a transition that is not durable. Transitions come in units (those of
 * one outbox batch); whatever units are waiting when the writer is free are committed in one
 * transaction (group commit), so a fault's transitions wait for at most one commit in progress and
 * thousands of transitions a second cost a few commits. Each unit's stage completes once it is
 * durable, which lets its batch leave the outbox.
 *
 * <p>A transition that cannot be stored (a poisoned alarm or delivery) never takes the others with
 * it: a failed group is retried transition by transition; one the store refuses for its content (a
 * value that does not fit its column) is quarantined (logged, counted, recorded in its alarm's
 * history with why, its alarm's state put back in the index) and its unit still completes, since
 * replaying it would fail again. Any other failure (the store unreachable, a timeout) fails the
 * unit, and its batch stays in the outbox to be processed again: a passing failure never loses a
 * webhook. The evaluator has already put the new state in the index (under the alarm's lock), so
 * the next event sees it at once; a transition not stored is put back.
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

  /** The transitions of one outbox batch, committed together, and the stage that says so. */
  private record Unit(List<Transition> transitions, CompletableFuture<Void> written) {}

  private final Transactor transactor;
  private final AlarmStore store;
  private final AlarmIndex index;
  private final Notifier notifier;
  private final AlarmActivityListener activity;
  private final BlockingQueue<Unit> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Object progress = new Object();
  private final AtomicLong quarantined = new AtomicLong();
  private long submitted;
  private long written;
  private volatile boolean running = true;

  public TransitionWriter(
      Transactor transactor, AlarmStore store, AlarmIndex index, Notifier notifier) {
    this(transactor, store, index, notifier, AlarmActivityListener.NONE);
  }

  /**
   * @param activity told of each alarm whose transition committed
   */
  public TransitionWriter(
      Transactor transactor,
      AlarmStore store,
      AlarmIndex index,
      Notifier notifier,
      AlarmActivityListener activity) {
    this.activity = requireNonNull(activity, "activity is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.store = requireNonNull(store, "store is null");
    this.index = requireNonNull(index, "index is null");
    this.notifier = requireNonNull(notifier, "notifier is null");
    this.writer = new Thread(this::run, "alarm-transition-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Queues one transition; see {@link #submit(List)}. */
  public CompletableFuture<Void> submit(Transition transition) {
    return submit(List.of(transition));
  }

  /**
   * Queues transitions to be committed together; the stage completes once they are durable (or the
   * poisoned ones among them quarantined) and fails if the store could not take them. Once the
   * writer is closed (shutdown, while the bus may still deliver), they are written at once on the
   * caller's thread instead, so that nothing decided is dropped.
   */
  public CompletableFuture<Void> submit(List<Transition> transitions) {
    Unit unit = new Unit(List.copyOf(transitions), new CompletableFuture<>());
    synchronized (progress) {
      submitted++;
      if (running) {
        queue.add(unit);
        return unit.written();
      }
    }
    try {
      write(List.of(unit));
    } finally {
      synchronized (progress) {
        written++;
        progress.notifyAll();
      }
    }
    return unit.written();
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
    List<Unit> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Unit first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        int size = first.transitions().size();
        while (size < BATCH && queue.peek() != null) {
          Unit next = queue.poll();
          group.add(next);
          size += next.transitions().size();
        }
        write(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("alarm transition writer failed", e);
        group.forEach(unit -> unit.written().completeExceptionally(e));
      } finally {
        synchronized (progress) {
          written += group.size();
          progress.notifyAll();
        }
        group.clear();
      }
    }
  }

  private void write(List<Unit> group) {
    List<Transition> all = new ArrayList<>();
    group.forEach(unit -> all.addAll(unit.transitions()));
    List<Transition> kept;
    try {
      kept = commit(all);
    } catch (RuntimeException e) {
      log.warn(
          "could not persist {} alarm transitions together; writing them one by one",
          all.size(),
          e);
      writeEach(group);
      return;
    }
    notifier.submit(deliveries(kept));
    group.forEach(unit -> unit.written().complete(null));
  }

  /** The fallback after a failed group: each transition alone, so one bad one stays alone. */
  private void writeEach(List<Unit> group) {
    for (Unit unit : group) {
      RuntimeException storeFailure = null;
      for (Transition transition : unit.transitions()) {
        if (storeFailure != null) {
          putBack(transition); // the unit is processed again, this one with it
          continue;
        }
        try {
          notifier.submit(deliveries(commit(List.of(transition))));
        } catch (RuntimeException e) {
          putBack(transition);
          if (poisoned(e)) {
            quarantined.incrementAndGet();
            log.error(
                "quarantined the transition of alarm {} (project {}) to {}: the store refuses"
                    + " it ({}); its {} deliveries are not sent, the other transitions are kept",
                transition.after().id(),
                transition.after().projectId(),
                transition.after().state(),
                e.getMessage(),
                transition.deliveries().size(),
                e);
            recordQuarantine(transition, e);
          } else {
            // The store failed, not this transition: the unit fails, so its outbox batch stays
            // and is processed again; nothing is given up.
            log.error(
                "could not persist the transition of alarm {}; its batch is processed again",
                transition.after().id(),
                e);
            storeFailure = e;
          }
        }
      }
      if (storeFailure == null) {
        unit.written().complete(null);
      } else {
        unit.written().completeExceptionally(storeFailure);
      }
    }
  }

  /**
   * Leaves the quarantine in the alarm's history, so that its owner sees in {@code GET
   * /v2/alarms/{id}/history} why the alarm did not change and its webhooks were not sent. The entry
   * is written apart from the refused transition, and holds only what the store takes whatever the
   * alarm's content (the refusal's message, the state not taken, the number of actions): a failure
   * to write it is logged and changes nothing else.
   */
  private void recordQuarantine(Transition transition, RuntimeException refusal) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("state", transition.after().state().wireName());
    detail.put("transition_reason", transition.after().stateReason());
    detail.put("quarantined", "the store refused the transition: " + refusal.getMessage());
    detail.put("deliveries_not_sent", transition.deliveries().size());
    transition.deliveries().stream()
        .flatMap(delivery -> delivery.faultId().stream())
        .findFirst()
        .ifPresent(faultId -> detail.put("fault_id", faultId.value()));
    AlarmChange entry =
        AlarmChange.of(
            transition.before(),
            ChangeType.QUARANTINE,
            AlarmJson.write(detail),
            "",
            "",
            transition.change().timestamp());
    try {
      transactor.run(tx -> store.appendHistory(tx, List.of(entry)));
    } catch (RuntimeException e) {
      log.error(
          "could not record the quarantine of alarm {} in its history", transition.after().id(), e);
    }
  }

  /**
   * Whether the store refused the transition for what it holds (a value its column cannot take, a
   * key taken): writing it again would fail again. Anything else (the store unreachable, a timeout,
   * a lock not granted, an unexpected error) may pass the next time, so it is never quarantined.
   */
  static boolean poisoned(RuntimeException failure) {
    return failure instanceof FaultlineException refused
        && refused.code().category() == ErrorCode.Category.USER;
  }

  /** How many transitions were quarantined since start (each logged with its alarm). */
  public long quarantined() {
    return quarantined.get();
  }

  /**
   * Commits the transitions whose alarm is still in the state they were decided from, with their
   * history and deliveries, and returns those. Another node may have moved an alarm meanwhile (it
   * evaluated another event for it): that transition is dropped, unless the alarm repeats its
   * actions, since then the event fires it whatever its state; either way this node's index takes
   * the stored alarm back.
   */
  private List<Transition> commit(List<Transition> transitions) {
    List<Alarm> before = new ArrayList<>(transitions.size());
    List<Alarm> after = new ArrayList<>(transitions.size());
    for (Transition transition : transitions) {
      before.add(transition.before());
      after.add(transition.after());
    }
    List<Transition> stale = new ArrayList<>();
    List<Transition> kept =
        transactor.inTransaction(
            tx -> {
              boolean[] saved = store.updateStatesFrom(tx, before, after);
              List<Transition> committed = new ArrayList<>(transitions.size());
              List<AlarmChange> changes = new ArrayList<>(transitions.size());
              for (int i = 0; i < transitions.size(); i++) {
                Transition transition = transitions.get(i);
                if (!saved[i]) {
                  stale.add(transition);
                  if (!transition.after().repeatActions()) {
                    continue;
                  }
                }
                committed.add(transition);
                changes.add(transition.change());
              }
              store.appendHistory(tx, changes);
              store.insertDeliveries(tx, deliveries(committed));
              return committed;
            });
    stale.forEach(this::takeStored);
    kept.forEach(
        transition -> activity.changed(transition.after().projectId(), transition.after().id()));
    return kept;
  }

  /** After another node moved the alarm first: the index takes what the store holds. */
  private void takeStored(Transition transition) {
    log.debug("alarm {} was moved by another node first", transition.after().id());
    try {
      Optional<Alarm> stored =
          transactor.inTransaction(tx -> store.find(tx, transition.after().id()));
      index
          .get(transition.after().id())
          .filter(current -> current.equals(transition.after()))
          .ifPresent(current -> stored.ifPresent(index::put));
    } catch (RuntimeException e) {
      log.warn("could not reload alarm {}", transition.after().id(), e);
    }
  }

  private static List<Delivery> deliveries(List<Transition> transitions) {
    List<Delivery> deliveries = new ArrayList<>();
    transitions.forEach(transition -> deliveries.addAll(transition.deliveries()));
    return deliveries;
  }

  /** Puts the alarm's state from before the transition back, unless it has moved on since. */
  private void putBack(Transition transition) {
    index
        .get(transition.after().id())
        .filter(current -> current.equals(transition.after()))
        .ifPresent(current -> index.put(transition.before()));
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    synchronized (progress) {
      running = false;
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
