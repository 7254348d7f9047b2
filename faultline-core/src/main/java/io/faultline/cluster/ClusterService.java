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

/** What {@code GET /v1/cluster} shows: every node, live or recently dead, and its leases. */
public final class ClusterService {
  /** One node as an admin sees it. */
  public record NodeView(ClusterNode node, boolean live, boolean self, int watchedHosts) {}

  /** The cluster, or this process alone when it is not part of one. */
  public record View(boolean clustered, Instant now, List<NodeView> nodes) {}

  private final Policy policy;
  private final InstantSource clock;
  private final Optional<Cluster> cluster;

  /** The parts of a running cluster node. */
  public record Cluster(ClusterStore store, Transactor transactor, NodeId self) {}

  public ClusterService(Policy policy, InstantSource clock, Optional<Cluster> cluster) {
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.cluster = requireNonNull(cluster, "cluster is null");
  }

  public View view(Credentials caller) {
    policy.authorize(ClusterPolicies.GET_CLUSTER, caller, Map.of());
    Instant now = clock.instant();
    if (cluster.isEmpty()) {
      return new View(false, now, List.of());
    }
    Cluster parts = cluster.get();
    return parts
        .transactor()
        .inTransaction(
            tx -> {
              Map<NodeId, Integer> hosts = parts.store().hostCounts(tx);
              List<NodeView> nodes = new ArrayList<>();
              for (ClusterNode node : parts.store().nodes(tx)) {
                nodes.add(
                    new NodeView(
                        node,
                        node.liveAt(now),
                        node.id().equals(parts.self()),
                        hosts.getOrDefault(node.id(), 0)));
              }
              return new View(true, now, nodes);
            });
  }
}
