package io.faultline.cluster;

import io.faultline.tx.Transaction;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Membership and leases in the shared database. A node is live while its lease ({@code expiresAt})
 * has not passed; every lease a node holds (its watched hosts, its outbox batches, its pending
 * deliveries, its unfinished faults) lasts as long as the node does, so one renewal keeps them all,
 * and the death of a node frees them all at once.
 */
public interface ClusterStore {
  /** Adds the node, or renews it. */
  void register(Transaction tx, ClusterNode node);

  /** Extends the node's lease; false when its row is gone (another node removed it as dead). */
  boolean renew(Transaction tx, NodeId node, Instant expiresAt);

  List<ClusterNode> nodes(Transaction tx);

  /** Forgets nodes dead since before {@code before}; what they owned has been adopted. */
  int forgetDead(Transaction tx, Instant before);

  /** Hosts watched, by node. */
  Map<NodeId, Integer> hostCounts(Transaction tx);

  Set<String> watchedBy(Transaction tx, NodeId node);

  /**
   * Takes the watch of up to {@code limit} of {@code hosts} that no live node watches (never
   * watched, or watched by a dead node); returns those taken. Concurrent callers never take the
   * same host.
   */
  List<String> claimHosts(
      Transaction tx, NodeId node, Collection<String> hosts, Instant now, int limit);

  /** Gives up the watch of these hosts, so that a node with fewer may take them. */
  void releaseHosts(Transaction tx, NodeId node, Collection<String> hosts);

  /** Evaluation partitions held, by node, in partition order. */
  Map<NodeId, List<Integer>> partitionsByNode(Transaction tx);

  Set<Integer> partitionsOf(Transaction tx, NodeId node);

  /**
   * Takes up to {@code limit} of {@code partitions} that no live node holds (never held, or held by
   * a dead node); returns those taken. Concurrent callers never take the same partition.
   */
  List<Integer> claimPartitions(
      Transaction tx, NodeId node, Collection<Integer> partitions, Instant now, int limit);

  /** Gives up these partitions, once this node has stopped consuming them. */
  void releasePartitions(Transaction tx, NodeId node, Collection<Integer> partitions);

  /**
   * Moves what nodes that are not live (or rows of no node) own to {@code node}: outbox batches,
   * pending deliveries, unfinished faults. Concurrent callers never take the same row.
   */
  Adopted adoptOrphans(Transaction tx, NodeId node, Instant now);

  /** What {@link #adoptOrphans} moved: counts of batches, and the ids of deliveries and faults. */
  record Adopted(int outboxBatches, List<String> deliveryIds, List<String> faultIds) {
    public Adopted {
      deliveryIds = List.copyOf(deliveryIds);
      faultIds = List.copyOf(faultIds);
    }

    public boolean isEmpty() {
      return outboxBatches == 0 && deliveryIds.isEmpty() && faultIds.isEmpty();
    }
  }
}
