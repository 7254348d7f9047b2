package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What {@code GET /v1/cluster} shows: every node, live or recently dead, and its leases. */
public final class ClusterService {
  /** One node as an admin sees it. */
  public record NodeView(
      ClusterNode node, boolean live, boolean self, int watchedHosts, List<Integer> partitions) {
    public NodeView {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * The cluster, or this process alone when it is not part of one; {@code partitions} is how many
   * evaluation partitions there are (0 alone), and {@code unheld} those no node holds.
   */
  public record View(
      boolean clustered, Instant now, int partitions, List<Integer> unheld, List<NodeView> nodes) {
    public View {
      unheld = List.copyOf(unheld);
      nodes = List.copyOf(nodes);
    }
  }

  private final Policy policy;
  private final InstantSource clock;
  private final Optional<Cluster> cluster;

  /** The parts of a running cluster node. */
  public record Cluster(ClusterStore store, Transactor transactor, NodeId self, int partitions) {}

  public ClusterService(Policy policy, InstantSource clock, Optional<Cluster> cluster) {
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.cluster = requireNonNull(cluster, "cluster is null");
  }

  public View view(Credentials caller) {
    policy.authorize(ClusterPolicies.GET_CLUSTER, caller, Map.of());
    Instant now = clock.instant();
    if (cluster.isEmpty()) {
      return new View(false, now, 0, List.of(), List.of());
    }
    Cluster parts = cluster.get();
    return parts
        .transactor()
        .inTransaction(
            tx -> {
              Map<NodeId, Integer> hosts = parts.store().hostCounts(tx);
              Map<NodeId, List<Integer>> partitions = parts.store().partitionsByNode(tx);
              List<NodeView> nodes = new ArrayList<>();
              Set<Integer> unheld = new TreeSet<>();
              for (int partition = 0; partition < parts.partitions(); partition++) {
                unheld.add(partition);
              }
              for (ClusterNode node : parts.store().nodes(tx)) {
                List<Integer> held = partitions.getOrDefault(node.id(), List.of());
                if (node.liveAt(now)) {
                  held.forEach(unheld::remove);
                }
                nodes.add(
                    new NodeView(
                        node,
                        node.liveAt(now),
                        node.id().equals(parts.self()),
                        hosts.getOrDefault(node.id(), 0),
                        held));
              }
              return new View(true, now, parts.partitions(), List.copyOf(unheld), nodes);
            });
  }
}
