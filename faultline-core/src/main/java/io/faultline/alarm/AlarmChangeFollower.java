package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transactor;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's alarm index at the store's latest alarm change, so that an alarm changed on any
 * node is in this node's index before the next event is evaluated here. The store numbers every
 * alarm change in commit order ({@link AlarmStore#changesAfter}); {@link #catchUp} reads the
 * changes after the last one applied (one range read on the key, empty when nothing changed) and
 * takes each changed alarm from the store, a deleted one out. Catch-ups asked for at the same time
 * share one read. When the log no longer holds the next change (retention pruned it while this node
 * was cut off), the whole index is reloaded.
 */
public final class AlarmChangeFollower {
  private static final Logger log = LoggerFactory.getLogger(AlarmChangeFollower.class);
  private static final int PAGE = 1000;

  private final AlarmStore store;
  private final Transactor transactor;
  private final AlarmIndex index;
  private final AlarmLocks locks;
  private final Object catchingUp = new Object();
  private final AtomicLong started = new AtomicLong();
  private volatile long applied;

  public AlarmChangeFollower(
      AlarmStore store, Transactor transactor, AlarmIndex index, AlarmLocks locks) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.index = requireNonNull(index, "index is null");
    this.locks = requireNonNull(locks, "locks is null");
  }

  /** Fills the index with every event-driven alarm the store holds, as of its latest change. */
  public void load() {
    synchronized (catchingUp) {
      reloadAll();
    }
  }

  /** The number of the last change applied to the index. */
  public long applied() {
    return applied;
  }

  /**
   * Applies every alarm change committed before this call to the index. Returns at once when a
   * catch-up that began after this call was made has finished meanwhile.
   */
  public void catchUp() {
    long arrived = started.get();
    synchronized (catchingUp) {
      if (started.get() != arrived) {
        return; // one began after the caller arrived, and it is done: it read what the caller needs
      }
      started.incrementAndGet();
      while (true) {
        long from = applied;
        List<AlarmStore.ChangeMark> changes =
            transactor.inTransaction(tx -> store.changesAfter(tx, from, PAGE));
        if (changes.isEmpty()) {
          return;
        }
        if (changes.get(0).sequence() != from + 1) {
          log.warn(
              "the alarm-change log no longer holds change {}; reloading the whole index",
              from + 1);
          reloadAll();
          return;
        }
        Set<AlarmId> changed = new LinkedHashSet<>();
        changes.forEach(change -> changed.add(change.alarm()));
        changed.forEach(this::reload);
        applied = changes.get(changes.size() - 1).sequence();
        if (changes.size() < PAGE) {
          return;
        }
      }
    }
  }

  /** Takes one alarm from the store into the index, or out of it when it is gone. */
  private void reload(AlarmId id) {
    locks.withLock(
        id,
        () -> {
          Optional<Alarm> stored = transactor.inTransaction(tx -> store.find(tx, id));
          stored
              .filter(alarm -> alarm.type().eventDriven())
              .ifPresentOrElse(index::put, () -> index.remove(id));
          return null;
        });
  }

  private void reloadAll() {
    // The number first: a change made while the alarms are read is applied again at the next
    // catch-up, which is harmless; one missed would not be.
    long sequence = transactor.inTransaction(store::changeSequence);
    Set<AlarmId> stored = new HashSet<>();
    transactor.run(
        tx ->
            store.forEach(
                tx,
                alarm -> {
                  if (alarm.type().eventDriven()) {
                    stored.add(alarm.id());
                    index.put(alarm);
                  }
                }));
    for (AlarmId id : index.ids()) {
      if (!stored.contains(id)) {
        index.remove(id);
      }
    }
    applied = sequence;
  }
}
