package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transactor;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which hosts this node's heartbeat monitor watches: each host is watched by exactly one live node,
 * through a row in the shared store that lasts as long as its node. On every tick a node takes
 * hosts nobody live watches, up to its fair share ({@code ceil(hosts / live nodes)}), and gives up
 * those beyond it, so that the hosts of a dead node move to the survivors and a node that joins
 * gets its share.
 */
public final class HostWatch {
  private final ClusterStore store;
  private final Transactor transactor;
  private final InstantSource clock;
  private final NodeId self;
  private final Supplier<Set<String>> knownHosts;
  private final Consumer<List<String>> takenOver;
  private volatile Set<String> watched = Set.of();

  /**
   * @param knownHosts every host the monitor has heard of
   * @param takenOver told of the hosts this node has just started to watch
   */
  public HostWatch(
      ClusterStore store,
      Transactor transactor,
      InstantSource clock,
      NodeId self,
      Supplier<Set<String>> knownHosts,
      Consumer<List<String>> takenOver) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.self = requireNonNull(self, "self is null");
    this.knownHosts = requireNonNull(knownHosts, "knownHosts is null");
    this.takenOver = requireNonNull(takenOver, "takenOver is null");
  }

  public boolean watches(String host) {
    return watched.contains(host);
  }

  public Set<String> watched() {
    return watched;
  }

  /** Takes unwatched hosts up to the fair share and gives up the excess. */
  public void rebalance(int liveNodes) {
    Set<String> known = knownHosts.get();
    int share = (known.size() + liveNodes - 1) / Math.max(1, liveNodes);
    Set<String> next = new HashSet<>();
    List<String> claimed =
        transactor.inTransaction(
            tx -> {
              Set<String> mine = store.watchedBy(tx, self);
              List<String> excess = new ArrayList<>();
              if (mine.size() > share) {
                mine.stream().sorted().skip(share).forEach(excess::add);
                store.releaseHosts(tx, self, excess);
              }
              int room = share - (mine.size() - excess.size());
              List<String> taken = List.of();
              if (room > 0) {
                Set<String> candidates = new HashSet<>(known);
                candidates.removeAll(mine);
                taken = store.claimHosts(tx, self, candidates, clock.instant(), room);
              }
              next.clear();
              next.addAll(mine);
              excess.forEach(next::remove);
              next.addAll(taken);
              return taken;
            });
    // The monitor learns what it takes over before it checks those hosts.
    if (!claimed.isEmpty()) {
      takenOver.accept(claimed);
    }
    watched = Set.copyOf(next);
  }
}
