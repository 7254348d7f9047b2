package io.faultline.server.api.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.cluster.ClusterService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.List;

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
    exchange.json(
        200, new ClusterDocument(ClusterRepresentation.from(service.view(exchange.credentials()))));
  }

  record ClusterDocument(ClusterRepresentation cluster) {}

  /**
   * The cluster as one node sees it. {@code partitions} and {@code unheld_partitions} are present
   * only when clustered: a process alone evaluates every event in process.
   */
  record ClusterRepresentation(
      boolean clustered,
      String now,
      String evaluation,
      @JsonInclude(Include.NON_NULL) Integer partitions,
      @JsonProperty("unheld_partitions") @JsonInclude(Include.NON_NULL)
          List<Integer> unheldPartitions,
      List<NodeRepresentation> nodes) {
    static ClusterRepresentation from(ClusterService.View view) {
      boolean clustered = view.clustered();
      return new ClusterRepresentation(
          clustered,
          view.now().toString(),
          clustered ? "partitioned" : "in-process",
          clustered ? view.partitions() : null,
          clustered ? view.unheld() : null,
          view.nodes().stream().map(NodeRepresentation::from).toList());
    }
  }

  record NodeRepresentation(
      String id,
      String address,
      boolean self,
      boolean live,
      @JsonProperty("started_at") String startedAt,
      @JsonProperty("lease_expires_at") String leaseExpiresAt,
      @JsonProperty("evaluates_events") boolean evaluatesEvents,
      Leases leases) {
    static NodeRepresentation from(ClusterService.NodeView view) {
      String expiresAt = view.node().expiresAt().toString();
      return new NodeRepresentation(
          view.node().id().value(),
          view.node().address(),
          view.self(),
          view.live(),
          view.node().startedAt().toString(),
          expiresAt,
          view.live() && !view.partitions().isEmpty(),
          new Leases(view.watchedHosts(), view.partitions(), expiresAt));
    }
  }

  /** What a node holds while its lease lasts: how many hosts it watches, which partitions. */
  record Leases(
      int hosts, List<Integer> partitions, @JsonProperty("expires_at") String expiresAt) {}
}
