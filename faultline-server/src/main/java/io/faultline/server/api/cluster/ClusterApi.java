package io.faultline.server.api.cluster;

import static java.util.Objects.requireNonNull;

import io.faultline.cluster.ClusterService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/cluster} (admin): every node with its address, start, lease expiry, whether it is
 * live, and its leases: the hosts its heartbeat monitor watches and the evaluation partitions it
 * consumes. Partitions held by a dead node, or by none, are listed as unheld until a survivor takes
 * them.
 */
public final class ClusterApi implements ApiModule {
  private final ClusterService service;

  public ClusterApi(ClusterService service) {
    this.service = requireNonNull(service, "service is null");
  }

  @Override
  public void register(Router router) {
    router.get(Service.FAULTLINE, "/v1/cluster", this::get);
  }

  private void get(Exchange exchange) {
    ClusterService.View view = service.view(exchange.credentials());
    List<Map<String, Object>> nodes = view.nodes().stream().map(ClusterApi::node).toList();
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("clustered", view.clustered());
    cluster.put("now", view.now().toString());
    cluster.put("evaluation", view.clustered() ? "partitioned" : "in-process");
    if (view.clustered()) {
      cluster.put("partitions", view.partitions());
      cluster.put("unheld_partitions", view.unheld());
    }
    cluster.put("nodes", nodes);
    exchange.json(200, Map.of("cluster", cluster));
  }

  private static Map<String, Object> node(ClusterService.NodeView view) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", view.node().id().value());
    node.put("address", view.node().address());
    node.put("self", view.self());
    node.put("live", view.live());
    node.put("started_at", view.node().startedAt().toString());
    node.put("lease_expires_at", view.node().expiresAt().toString());
    node.put("evaluates_events", view.live() && !view.partitions().isEmpty());
    Map<String, Object> leases = new LinkedHashMap<>();
    leases.put("hosts", view.watchedHosts());
    leases.put("partitions", view.partitions());
    leases.put("expires_at", view.node().expiresAt().toString());
    node.put("leases", leases);
    return node;
  }
}
