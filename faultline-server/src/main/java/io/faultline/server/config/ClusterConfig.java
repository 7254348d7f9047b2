package io.faultline.server.config;

import java.time.Duration;

/**
 * {@code cluster.*}: several {@code faultline serve} processes on one PostgreSQL ({@code
 * store.url}) and one RabbitMQ ({@code bus.url}). A process runs as a node of a cluster exactly
 * when both are set; alone (H2 or the in-process bus) these settings are unused.
 *
 * @param address what {@code GET /v1/cluster} shows for this node ({@code cluster.address}, env
 *     {@code FAULTLINE_NODE_ADDRESS}; default: the server's URL)
 * @param lease how long a node counts as live after its last renewal; a killed node's hosts, outbox
 *     and pending deliveries move to the survivors once it has passed ({@code cluster.lease}, PT5S)
 * @param renewInterval how often a node renews its lease, rebalances watched hosts and adopts what
 *     dead nodes owned ({@code cluster.renew-interval}, PT1S); well under the lease
 * @param reconcileInterval how often an idle node catches its alarm index up with the store's
 *     alarm-change log, in case it missed another node's announcement; a node evaluating events
 *     catches up before each batch anyway ({@code cluster.reconcile-interval}, PT60S)
 * @param partitions how many partitions event evaluation is split into, each a RabbitMQ queue
 *     consumed by one node at a time ({@code cluster.partitions}, 16); the same on every node, and
 *     at least the number of nodes for every node to evaluate
 */
public record ClusterConfig(
    String address,
    Duration lease,
    Duration renewInterval,
    Duration reconcileInterval,
    Integer partitions) {
  /** The most partitions: each is a queue and, on the node holding it, a channel. */
  public static final int MAX_PARTITIONS = 1024;

  public ClusterConfig {
    address = address == null || address.isBlank() ? null : address;
    lease = lease == null ? Duration.ofSeconds(5) : lease;
    renewInterval = renewInterval == null ? Duration.ofSeconds(1) : renewInterval;
    reconcileInterval = reconcileInterval == null ? Duration.ofSeconds(60) : reconcileInterval;
    partitions = partitions == null ? 16 : partitions;
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "cluster.partitions must be between 1 and " + MAX_PARTITIONS + ", not " + partitions);
    }
    if (!lease.isPositive()) {
      throw new IllegalArgumentException("cluster.lease must be positive, not " + lease);
    }
    if (!renewInterval.isPositive() || renewInterval.multipliedBy(2).compareTo(lease) > 0) {
      throw new IllegalArgumentException(
          "cluster.renew-interval must be positive and at most half of cluster.lease ("
              + lease
              + "), not "
              + renewInterval);
    }
    if (!reconcileInterval.isPositive()) {
      throw new IllegalArgumentException(
          "cluster.reconcile-interval must be positive, not " + reconcileInterval);
    }
  }

  public static ClusterConfig defaults() {
    return new ClusterConfig(null, null, null, null, null);
  }
}
