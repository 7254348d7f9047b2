package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.cluster.ClusterNode;
import io.faultline.cluster.ClusterStore;
import io.faultline.cluster.NodeId;
import io.faultline.doctor.FaultStatus;
import io.faultline.tx.Transaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Membership and leases on PostgreSQL. Takeovers are single {@code UPDATE}s whose condition names
 * the rows of nodes that are not live: two survivors adopting at once block on the same rows, and
 * the second finds them no longer orphaned. Hosts are claimed with {@code SKIP LOCKED} and {@code
 * ON CONFLICT DO NOTHING}, so that concurrent claimers take disjoint hosts.
 */
public final class JdbiClusterStore implements ClusterStore {
  /** Rows owned by no live node: none, or a node whose lease has passed. */
  private static final String ORPHANED =
      "(node_id IS NULL OR node_id NOT IN (SELECT id FROM cluster_node WHERE expires_at > :now))";

  @Override
  public void register(Transaction tx, ClusterNode node) {
    handle(tx)
        .createUpdate(
            "INSERT INTO cluster_node (id, address, started_at, expires_at)"
                + " VALUES (:id, :address, :started, :expires)"
                + " ON CONFLICT (id) DO UPDATE SET address = :address, expires_at = :expires")
        .bind("id", node.id().value())
        .bind("address", node.address())
        .bind("started", Timestamps.toDatabase(node.startedAt()))
        .bind("expires", Timestamps.toDatabase(node.expiresAt()))
        .execute();
  }

  @Override
  public boolean renew(Transaction tx, NodeId node, Instant expiresAt) {
    return handle(tx)
            .execute(
                "UPDATE cluster_node SET expires_at = ? WHERE id = ?",
                Timestamps.toDatabase(expiresAt),
                node.value())
        == 1;
  }

  @Override
  public List<ClusterNode> nodes(Transaction tx) {
    return handle(tx)
        .createQuery("SELECT * FROM cluster_node ORDER BY started_at, id")
        .map(
            (rs, ctx) ->
                new ClusterNode(
                    new NodeId(rs.getString("id")),
                    rs.getString("address"),
                    Timestamps.fromDatabase(rs.getObject("started_at", OffsetDateTime.class)),
                    Timestamps.fromDatabase(rs.getObject("expires_at", OffsetDateTime.class))))
        .list();
  }

  @Override
  public int forgetDead(Transaction tx, Instant before) {
    return handle(tx)
        .execute("DELETE FROM cluster_node WHERE expires_at < ?", Timestamps.toDatabase(before));
  }

  @Override
  public Map<NodeId, Integer> hostCounts(Transaction tx) {
    Map<NodeId, Integer> counts = new LinkedHashMap<>();
    handle(tx)
        .createQuery("SELECT node_id, COUNT(*) AS hosts FROM host_watch GROUP BY node_id")
        .map((rs, ctx) -> Map.entry(new NodeId(rs.getString("node_id")), rs.getInt("hosts")))
        .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
    return counts;
  }

  @Override
  public Set<String> watchedBy(Transaction tx, NodeId node) {
    return new HashSet<>(
        handle(tx)
            .createQuery("SELECT host FROM host_watch WHERE node_id = :node")
            .bind("node", node.value())
            .mapTo(String.class)
            .list());
  }

  @Override
  public List<String> claimHosts(
      Transaction tx, NodeId node, Collection<String> hosts, Instant now, int limit) {
    if (hosts.isEmpty() || limit <= 0) {
      return List.of();
    }
    Handle handle = handle(tx);
    List<String> taken =
        new ArrayList<>(
            handle
                .createQuery(
                    "UPDATE host_watch SET node_id = :node WHERE host IN ("
                        + " SELECT host FROM host_watch WHERE host IN (<hosts>) AND "
                        + ORPHANED
                        + " ORDER BY host LIMIT :limit FOR UPDATE SKIP LOCKED)"
                        + " RETURNING host")
                .bind("node", node.value())
                .bindList("hosts", List.copyOf(hosts))
                .bind("now", Timestamps.toDatabase(now))
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
    if (taken.size() >= limit) {
      return taken;
    }
    List<String> unwatched =
        handle
            .createQuery(
                "SELECT h FROM unnest(CAST(:hosts AS VARCHAR[])) AS h"
                    + " WHERE h NOT IN (SELECT host FROM host_watch) ORDER BY h LIMIT :limit")
            .bindArray("hosts", String.class, List.copyOf(hosts))
            .bind("limit", limit - taken.size())
            .mapTo(String.class)
            .list();
    for (String host : unwatched) {
      int inserted =
          handle.execute(
              "INSERT INTO host_watch (host, node_id) VALUES (?, ?) ON CONFLICT (host) DO NOTHING",
              host,
              node.value());
      if (inserted == 1) {
        taken.add(host);
      }
    }
    return taken;
  }

  @Override
  public void releaseHosts(Transaction tx, NodeId node, Collection<String> hosts) {
    if (hosts.isEmpty()) {
      return;
    }
    handle(tx)
        .createUpdate("DELETE FROM host_watch WHERE node_id = :node AND host IN (<hosts>)")
        .bind("node", node.value())
        .bindList("hosts", List.copyOf(hosts))
        .execute();
  }

  @Override
  public Map<NodeId, List<Integer>> partitionsByNode(Transaction tx) {
    Map<NodeId, List<Integer>> byNode = new LinkedHashMap<>();
    handle(tx)
        .createQuery("SELECT id, node_id FROM evaluation_partition ORDER BY id")
        .map((rs, ctx) -> Map.entry(new NodeId(rs.getString("node_id")), rs.getInt("id")))
        .forEach(
            entry ->
                byNode
                    .computeIfAbsent(entry.getKey(), node -> new ArrayList<>())
                    .add(entry.getValue()));
    return byNode;
  }

  @Override
  public Set<Integer> partitionsOf(Transaction tx, NodeId node) {
    return new HashSet<>(
        handle(tx)
            .createQuery("SELECT id FROM evaluation_partition WHERE node_id = :node")
            .bind("node", node.value())
            .mapTo(Integer.class)
            .list());
  }

  @Override
  public List<Integer> claimPartitions(
      Transaction tx, NodeId node, Collection<Integer> partitions, Instant now, int limit) {
    if (partitions.isEmpty() || limit <= 0) {
      return List.of();
    }
    Handle handle = handle(tx);
    List<Integer> taken =
        new ArrayList<>(
            handle
                .createQuery(
                    "UPDATE evaluation_partition SET node_id = :node WHERE id IN ("
                        + " SELECT id FROM evaluation_partition WHERE id IN (<ids>) AND "
                        + ORPHANED
                        + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id")
                .bind("node", node.value())
                .bindList("ids", List.copyOf(partitions))
                .bind("now", Timestamps.toDatabase(now))
                .bind("limit", limit)
                .mapTo(Integer.class)
                .list());
    if (taken.size() >= limit) {
      return taken;
    }
    List<Integer> unheld =
        handle
            .createQuery(
                "SELECT p FROM unnest(CAST(:ids AS INTEGER[])) AS p"
                    + " WHERE p NOT IN (SELECT id FROM evaluation_partition) ORDER BY p LIMIT :limit")
            .bindArray("ids", Integer.class, List.copyOf(partitions))
            .bind("limit", limit - taken.size())
            .mapTo(Integer.class)
            .list();
    for (int partition : unheld) {
      int inserted =
          handle.execute(
              "INSERT INTO evaluation_partition (id, node_id) VALUES (?, ?)"
                  + " ON CONFLICT (id) DO NOTHING",
              partition,
              node.value());
      if (inserted == 1) {
        taken.add(partition);
      }
    }
    return taken;
  }

  @Override
  public void releasePartitions(Transaction tx, NodeId node, Collection<Integer> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    handle(tx)
        .createUpdate("DELETE FROM evaluation_partition WHERE node_id = :node AND id IN (<ids>)")
        .bind("node", node.value())
        .bindList("ids", List.copyOf(partitions))
        .execute();
  }

  @Override
  public Adopted adoptOrphans(Transaction tx, NodeId node, Instant now) {
    Handle handle = handle(tx);
    OffsetDateTime at = Timestamps.toDatabase(now);
    int batches =
        handle
            .createUpdate("UPDATE outbox_batch SET node_id = :node WHERE " + ORPHANED)
            .bind("node", node.value())
            .bind("now", at)
            .execute();
    List<String> deliveries =
        handle
            .createQuery(
                "UPDATE alarm_delivery SET node_id = :node WHERE status = :pending AND "
                    + ORPHANED
                    + " RETURNING id")
            .bind("node", node.value())
            .bind("now", at)
            .bind("pending", DeliveryStatus.PENDING.name())
            .mapTo(String.class)
            .list();
    List<String> faults =
        handle
            .createQuery(
                "UPDATE fault SET node_id = :node, owner_epoch = owner_epoch + 1"
                    + " WHERE status IN (<unfinished>) AND "
                    + ORPHANED
                    + " RETURNING id")
            .bind("node", node.value())
            .bind("now", at)
            .bindList(
                "unfinished",
                Arrays.stream(FaultStatus.values())
                    .filter(status -> !status.isFinal())
                    .map(FaultStatus::name)
                    .toList())
            .mapTo(String.class)
            .list();
    return new Adopted(batches, deliveries, faults);
  }
}
