package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputeService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Faultline's own agent API: {@code POST /v1/agents/heartbeat {"host", "binary"}}. */
public final class AgentApi implements ApiModule {
  private final ComputeService compute;

  public AgentApi(ComputeService compute) {
    this.compute = requireNonNull(compute, "compute is null");
  }

  @Override
  public void register(Router router) {
    router.post(Service.FAULTLINE, "/v1/agents/heartbeat", this::heartbeat);
  }

  private void heartbeat(Exchange exchange) {
    ObjectNode body = exchange.jsonObject();
    NovaApi.allowOnly(body, Set.of("host", "binary"));
    String host = Json.requiredString(body, "host", "host");
    String binary =
        Json.optionalString(body, "binary", "binary").orElse(ComputeHost.COMPUTE_BINARY);
    ComputeHost service = compute.heartbeat(exchange.credentials(), host, binary);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("id", service.id().value());
    reply.put("host", service.host());
    reply.put("binary", service.binary());
    reply.put("state", compute.isUp(service) ? "up" : "down");
    reply.put("forced_down", service.forcedDown());
    reply.put("last_heartbeat", service.lastHeartbeat().toString());
    exchange.json(200, Map.of("service", reply));
  }
}
