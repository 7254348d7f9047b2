package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership: registered at start, its lease renewed on every tick. Another node treats
 * it as dead (and takes over what it owns) once the lease has run out, so a node renews several
 * times per lease.
 */
public final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private final ClusterStore store;
  private final Transactor transactor;
  private final InstantSource clock;
  private final NodeId self;
  private volatile String address;
  private final Duration lease;
  private final Instant startedAt;

  public Membership(
      ClusterStore store,
      Transactor transactor,
      InstantSource clock,
      NodeId self,
      String address,
      Duration lease) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.self = requireNonNull(self, "self is null");
    this.address = requireNonNull(address, "address is null");
    this.lease = requireNonNull(lease, "lease is null");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("the lease must be positive: " + lease);
    }
    this.startedAt = clock.instant();
  }

  public NodeId self() {
    return self;
  }

  public Duration lease() {
    return lease;
  }

  /** Joins (again) under the address the node is reached at, once it is known. */
  public void joinAt(String reachableAt) {
    this.address = requireNonNull(reachableAt, "reachableAt is null");
    join();
  }

  public void join() {
    Instant now = clock.instant();
    transactor.run(
        tx -> store.register(tx, new ClusterNode(self, address, startedAt, now.plus(lease))));
  }

  /**
   * Extends the lease. A node found removed (it was paused longer than its lease, and the others
   * took over its work) joins again as it is: what it owned has moved, and it takes new work.
   */
  public void renew() {
    Instant expires = clock.instant().plus(lease);
    boolean renewed = transactor.inTransaction(tx -> store.renew(tx, self, expires));
    if (!renewed) {
      log.warn("node {} had been given up as dead by the others; joining again", self);
      join();
    }
  }

  /** Every node the store knows, live or recently dead. */
  public List<ClusterNode> nodes() {
    return transactor.inTransaction(store::nodes);
  }

  public int liveCount(List<ClusterNode> nodes) {
    Instant now = clock.instant();
    return (int) Math.max(1, nodes.stream().filter(node -> node.liveAt(now)).count());
  }
}
