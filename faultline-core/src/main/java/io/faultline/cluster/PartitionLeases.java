package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.PartitionedSubscription;
import io.faultline.tx.Transactor;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which evaluation partitions this node consumes: each partition is held by exactly one live node,
 * through a row in the shared store that lasts as long as its node (as {@link HostWatch} shares
 * hosts). On every tick a node takes partitions no live node holds, up to its fair share ({@code
 * ceil(partitions / live nodes)}), and gives up those beyond it. A partition is given up only once
 * this node has stopped consuming it and settled what it had received, and consumed only once it is
 * held, so its queue is read by one node at a time, in order; the queue's single active consumer
 * keeps it so while a node given up as dead has not yet noticed.
 */
public final class PartitionLeases {
  private final ClusterStore store;
  private final Transactor transactor;
  private final InstantSource clock;
  private final NodeId self;
  private final PartitionedSubscription subscription;

  public PartitionLeases(
      ClusterStore store,
      Transactor transactor,
      InstantSource clock,
      NodeId self,
      PartitionedSubscription subscription) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.self = requireNonNull(self, "self is null");
    this.subscription = requireNonNull(subscription, "subscription is null");
  }

  public Set<Integer> held() {
    return subscription.consumed();
  }

  /** Takes free partitions up to the fair share and gives up the excess. */
  public synchronized void rebalance(int liveNodes) {
    int partitions = subscription.partitions();
    int share = (partitions + liveNodes - 1) / Math.max(1, liveNodes);
    Set<Integer> mine = transactor.inTransaction(tx -> store.partitionsOf(tx, self));
    Set<Integer> keep = mine.stream().sorted().limit(share).collect(Collectors.toSet());
    Set<Integer> excess = new HashSet<>(mine);
    excess.removeAll(keep);
    // Stops what is given up, and what another node took while this one was given up as dead.
    subscription.consume(keep);
    if (!excess.isEmpty()) {
      transactor.run(tx -> store.releasePartitions(tx, self, excess));
    }
    int room = share - keep.size();
    if (room <= 0) {
      return;
    }
    Set<Integer> candidates =
        IntStream.range(0, partitions)
            .boxed()
            .filter(partition -> !keep.contains(partition))
            .collect(Collectors.toSet());
    List<Integer> taken =
        transactor.inTransaction(
            tx -> store.claimPartitions(tx, self, candidates, clock.instant(), room));
    if (!taken.isEmpty()) {
      Set<Integer> next = new HashSet<>(keep);
      next.addAll(taken);
      subscription.consume(next);
    }
  }

  /** Stops consuming and gives every partition up, for a clean stop: the others take them. */
  public synchronized void releaseAll() {
    subscription.consume(Set.of());
    transactor.run(tx -> store.releasePartitions(tx, self, store.partitionsOf(tx, self)));
  }
}
