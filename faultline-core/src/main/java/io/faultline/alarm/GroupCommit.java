package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Commits writes that arrive together in one transaction (a group commit). A write that finds no
 * commit under way commits at once, alone; those that arrive meanwhile queue, and the first of them
 * commits the whole queue in one transaction as soon as the commit under way has ended. Each caller
 * returns when its own write is committed. Under concurrent load a commit (a store round trip, a
 * file write on the embedded store) is paid once per group rather than once per write; alone, a
 * write waits for nobody.
 *
 * <p>When a group's transaction fails, each of its writes is retried in a transaction of its own,
 * so that one bad write fails only its caller.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {
  private final Transactor transactor;
  private final BiConsumer<Transaction, List<T>> write;
  private final Consumer<T> committed;
  private final int maxGroup;
  private final Object lock = new Object();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private boolean committing;

  /** What a caller's write came to. */
  private sealed interface Outcome permits Done, Failed {}

  private record Done() implements Outcome {}

  private record Failed(RuntimeException error) implements Outcome {}

  /** A queued write: its outcome, and the signal that it is its caller's turn to commit. */
  private record Pending<T>(
      T item, CompletableFuture<Outcome> outcome, CompletableFuture<Void> turn) {}

  /**
   * @param write writes a group in the given transaction
   * @param committed runs for each item once its group committed, before its caller returns
   */
  GroupCommit(
      Transactor transactor,
      BiConsumer<Transaction, List<T>> write,
      Consumer<T> committed,
      int maxGroup) {
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.write = requireNonNull(write, "write is null");
    this.committed = requireNonNull(committed, "committed is null");
    if (maxGroup < 1) {
      throw new IllegalArgumentException("maxGroup must be positive: " + maxGroup);
    }
    this.maxGroup = maxGroup;
  }

  /** Writes {@code item}, with whatever else is waiting; returns once it is committed. */
  void commit(T item) {
    Pending<T> mine =
        new Pending<>(
            requireNonNull(item, "item is null"),
            new CompletableFuture<>(),
            new CompletableFuture<>());
    boolean lead;
    synchronized (lock) {
      queue.add(mine);
      lead = !committing;
      committing = true;
    }
    if (!lead) {
      CompletableFuture.anyOf(mine.outcome(), mine.turn()).join();
    }
    if (!mine.outcome().isDone()) {
      commitGroup(); // this caller's write is the queue's head
    }
    switch (mine.outcome().join()) {
      case Done done -> {}
      case Failed failed -> throw failed.error();
    }
  }

  /** Pending writes, for tests: how many wait for the commit under way. */
  int waiting() {
    synchronized (lock) {
      return committing ? queue.size() : 0;
    }
  }

  /**
   * Commits the queue's head (this caller's own write first), then hands the turn to the first
   * writer still waiting, or ends the commit when none waits.
   */
  private void commitGroup() {
    List<Pending<T>> group = new ArrayList<>();
    synchronized (lock) {
      while (!queue.isEmpty() && group.size() < maxGroup) {
        group.add(queue.poll());
      }
    }
    try {
      write(group);
    } finally {
      // An error no write expected still answers every caller of the group.
      group.forEach(
          pending ->
              pending
                  .outcome()
                  .complete(new Failed(new IllegalStateException("the group commit failed"))));
      synchronized (lock) {
        Pending<T> next = queue.peek();
        if (next == null) {
          committing = false;
        } else {
          next.turn().complete(null);
        }
      }
    }
  }

  private void write(List<Pending<T>> group) {
    try {
      transact(group);
      group.forEach(pending -> pending.outcome().complete(new Done()));
      return;
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.get(0).outcome().complete(new Failed(e));
        return;
      }
    }
    for (Pending<T> pending : group) {
      try {
        transact(List.of(pending));
        pending.outcome().complete(new Done());
      } catch (RuntimeException e) {
        pending.outcome().complete(new Failed(e));
      }
    }
  }

  private void transact(List<Pending<T>> group) {
    List<T> items = group.stream().map(Pending::item).toList();
    transactor.run(
        tx -> {
          write.accept(tx, items);
          tx.afterCommit(() -> items.forEach(committed));
        });
  }
}
