package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transactor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 *
 * <p>The whole index is read in bounded pages, each one short query, whatever the number of alarms
 * (a single query over a million rows would outlast the store's statement timeout), in the order
 * the alarms were stored, which is the order they lie in the store; the positions are cut in ranges
 * walked side by side on the load executor.
 */
public final class AlarmChangeFollower {
  private static final Logger log = LoggerFactory.getLogger(AlarmChangeFollower.class);
  private static final int PAGE = 1000;
  // Ranges of positions the load cuts the alarms into, walked side by side on the load executor.
  private static final int RANGES = 16;

  private final AlarmStore store;
  private final Transactor transactor;
  private final AlarmIndex index;
  private final AlarmLocks locks;
  private final int loadPage;
  private final Executor loadExecutor;
  private final Object catchingUp = new Object();
  private final AtomicLong started = new AtomicLong();
  private volatile long applied;

  /** A follower that loads the index in pages of a thousand alarms, on the calling thread. */
  public AlarmChangeFollower(
      AlarmStore store, Transactor transactor, AlarmIndex index, AlarmLocks locks) {
    this(store, transactor, index, locks, PAGE, Runnable::run);
  }

  /**
   * A follower that loads the index {@code loadPage} alarms per query, the ranges of ids walked on
   * {@code loadExecutor}.
   */
  public AlarmChangeFollower(
      AlarmStore store,
      Transactor transactor,
      AlarmIndex index,
      AlarmLocks locks,
      int loadPage,
      Executor loadExecutor) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.index = requireNonNull(index, "index is null");
    this.locks = requireNonNull(locks, "locks is null");
    if (loadPage < 1) {
      throw new IllegalArgumentException("loadPage must be positive: " + loadPage);
    }
    this.loadPage = loadPage;
    this.loadExecutor = requireNonNull(loadExecutor, "loadExecutor is null");
  }

  /**
   * Fills the index with every event-driven alarm the store holds, then applies every change
   * committed while it read them: the index is at the store's latest change when this returns.
   */
  public void load() {
    synchronized (catchingUp) {
      reloadAll();
      applyChanges();
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
      applyChanges();
    }
  }

  /** Applies the logged changes after the last one applied; the caller holds {@code catchingUp}. */
  private void applyChanges() {
    while (true) {
      long from = applied;
      List<AlarmStore.ChangeMark> changes =
          transactor.inTransaction(tx -> store.changesAfter(tx, from, PAGE));
      if (changes.isEmpty()) {
        return;
      }
      if (changes.get(0).sequence() != from + 1) {
        log.warn(
            "the alarm-change log no longer holds change {}; reloading the whole index", from + 1);
        reloadAll();
        continue; // then the changes made while it read
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
    // The number first: a change made while the alarms are read is applied again by the
    // catch-up that follows, which is harmless; one missed would not be.
    long sequence = transactor.inTransaction(store::changeSequence);
    Optional<AlarmStore.Positions> positions = transactor.inTransaction(store::positions);
    // At start the index is empty and nothing is to be dropped: no set of a million ids then.
    Set<AlarmId> stored = index.size() == 0 ? null : ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> walks = new ArrayList<>();
    if (positions.isPresent()) {
      // Ranges of positions walked side by side; an alarm stored after the last position read
      // here is a logged change, applied by the catch-up that follows.
      long first = positions.get().first() - 1;
      long last = positions.get().last();
      long width = Math.max(1, (last - first + RANGES - 1) / RANGES);
      for (long from = first; from < last; from += width) {
        long after = from;
        long upTo = Math.min(last, from + width);
        walks.add(CompletableFuture.runAsync(() -> walk(after, upTo, stored), loadExecutor));
      }
    }
    try {
      CompletableFuture.allOf(walks.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    if (stored != null) {
      for (AlarmId id : index.ids()) {
        if (!stored.contains(id)) {
          index.remove(id);
        }
      }
    }
    applied = sequence;
  }

  /**
   * Puts every event-driven alarm stored at a position in ({@code after}, {@code upTo}] in the
   * index, one page per transaction.
   */
  private void walk(long after, long upTo, Set<AlarmId> stored) {
    long position = after;
    while (true) {
      long from = position;
      List<AlarmStore.Positioned> page =
          transactor.inTransaction(tx -> store.pageByPosition(tx, from, upTo, loadPage));
      for (AlarmStore.Positioned positioned : page) {
        Alarm alarm = positioned.alarm();
        if (alarm.type().eventDriven()) {
          if (stored != null) {
            stored.add(alarm.id());
          }
          index.put(alarm);
        }
      }
      if (page.size() < loadPage) {
        return;
      }
      position = page.get(page.size() - 1).position();
    }
  }
}
