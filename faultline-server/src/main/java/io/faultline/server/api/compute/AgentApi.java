package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputeService;
import io.faultline.compute.HostReport;
import io.faultline.error.FaultlineException;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * Faultline's own agent API: {@code POST /v1/agents/heartbeat {"host", "binary"}}, optionally with
 * what the agent knows of its host ({@code host_ip}, {@code uptime_seconds}, {@code load_average}).
 */
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
    NovaApi.allowOnly(body, Set.of("host", "binary", "host_ip", "uptime_seconds", "load_average"));
    String host = Json.requiredString(body, "host", "host");
    String binary =
        Json.optionalString(body, "binary", "binary").orElse(ComputeHost.COMPUTE_BINARY);
    ComputeHost service =
        compute.heartbeat(exchange.credentials(), host, binary, report(body, Instant.now()));
    exchange.json(
        200,
        new HeartbeatReply(
            new BeatService(
                service.id().value(),
                service.host(),
                service.binary(),
                compute.isUp(service) ? "up" : "down",
                service.forcedDown(),
                service.lastHeartbeat().toString())));
  }

  /** The service a heartbeat kept alive, as the agent sees it back. */
  record BeatService(
      String id,
      String host,
      String binary,
      String state,
      @JsonProperty("forced_down") boolean forcedDown,
      @JsonProperty("last_heartbeat") String lastHeartbeat) {}

  record HeartbeatReply(BeatService service) {}

  /**
   * {@code host_ip}, {@code uptime_seconds} (a non-negative number, the first field of {@code
   * /proc/uptime}) and {@code load_average} (as {@code uptime} prints it), each optional.
   */
  private static HostReport report(ObjectNode body, Instant now) {
    Optional<Instant> booted = Optional.empty();
    JsonNode uptime = body.get("uptime_seconds");
    if (uptime != null && !uptime.isNull()) {
      if (!uptime.isNumber() || uptime.asDouble() < 0 || !Double.isFinite(uptime.asDouble())) {
        throw FaultlineException.badRequest(
            "uptime_seconds must be a non-negative number, not " + Json.describe(uptime));
      }
      booted = Optional.of(now.minusMillis((long) (uptime.asDouble() * 1000)));
    }
    return new HostReport(
        Json.optionalString(body, "host_ip", "host_ip"),
        booted.map(at -> at.truncatedTo(ChronoUnit.SECONDS)),
        Json.optionalString(body, "load_average", "load_average"));
  }
}
