package io.faultline.server.api.console;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmService;
import io.faultline.alarm.DeliveryQuery;
import io.faultline.alarm.notify.Delivery;
import io.faultline.cause.FaultId;
import io.faultline.compute.ComputeService;
import io.faultline.compute.HostSummary;
import io.faultline.error.FaultlineException;
import io.faultline.network.NetworkService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console: its page at {@code /} for browsers and its files under {@code /console/}; the
 * fleet overview aggregated server-side ({@code GET /v1/console/fleet}); webhook deliveries by
 * fault, alarm or project ({@code GET /v1/deliveries}); and the live stream ({@code GET
 * /v1/stream}). Each answers under the policy of the API whose data it shows.
 */
public final class ConsoleApi implements ApiModule {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final ComputeService compute;
  private final NetworkService network;
  private final AlarmService alarms;
  private final EventStream stream;
  private final InstantSource clock;
  private final ConsoleAssets assets = new ConsoleAssets();

  public ConsoleApi(
      ComputeService compute,
      NetworkService network,
      AlarmService alarms,
      EventStream stream,
      InstantSource clock) {
    this.compute = requireNonNull(compute, "compute is null");
    this.network = requireNonNull(network, "network is null");
    this.alarms = requireNonNull(alarms, "alarms is null");
    this.stream = requireNonNull(stream, "stream is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void register(Router router) {
    router.browserPage("/", assets::index);
    router.getPublic(Service.FAULTLINE, "/console/{file}", assets::asset);
    router.get(Service.FAULTLINE, "/v1/console/fleet", this::fleet);
    router.get(Service.FAULTLINE, "/v1/deliveries", this::deliveries);
    router.get(Service.FAULTLINE, "/v1/stream", stream::serve);
  }

  private void fleet(Exchange exchange) {
    List<HostSummary> hosts = compute.fleet(exchange.credentials(), Optional.empty());
    Map<String, Integer> down =
        network.dataPlaneDownByHost(exchange.credentials(), Optional.empty());
    exchange.json(
        200, fleetBody(hosts, down, clock.instant(), compute.settings().serviceDownTime()));
  }

  static Map<String, Object> fleetBody(
      List<HostSummary> hosts,
      Map<String, Integer> dataPlaneDown,
      Instant now,
      java.time.Duration serviceDownTime) {
    List<Map<String, Object>> rows = new ArrayList<>(hosts.size());
    for (HostSummary summary : hosts) {
      rows.add(
          FleetRepresentation.host(
              summary, dataPlaneDown.getOrDefault(summary.host().host(), 0), now));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("generated_at", now.toString());
    body.put("service_down_time_ms", serviceDownTime.toMillis());
    body.put("hosts", rows);
    return body;
  }

  private void deliveries(Exchange exchange) {
    int limit = exchange.query("limit").map(ConsoleApi::limit).orElse(DEFAULT_LIMIT);
    DeliveryQuery query =
        new DeliveryQuery(
            exchange.query("fault_id").map(ConsoleApi::nonBlank),
            exchange.query("alarm_id").map(ConsoleApi::nonBlank).map(AlarmId::new),
            exchange.query("project_id").map(ConsoleApi::nonBlank),
            limit);
    List<Map<String, Object>> body = new ArrayList<>();
    for (Delivery delivery : alarms.deliveries(exchange.credentials(), query)) {
      body.add(delivery(delivery));
    }
    exchange.json(200, Map.of("deliveries", body));
  }

  private static Map<String, Object> delivery(Delivery delivery) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", delivery.id().value());
    body.put("alarm_id", delivery.alarmId().value());
    body.put("project_id", delivery.projectId());
    body.put("fault_id", delivery.faultId().map(FaultId::value).orElse(null));
    body.put("action", delivery.action());
    body.put("severity", delivery.severity().wireName());
    body.put("status", delivery.status().name().toLowerCase(java.util.Locale.ROOT));
    body.put("attempts", delivery.attempts());
    body.put("last_error", delivery.lastError().isEmpty() ? null : delivery.lastError());
    body.put("created_at", delivery.createdAt().toString());
    body.put("next_attempt_at", delivery.nextAttemptAt().toString());
    return body;
  }

  private static String nonBlank(String value) {
    if (value.isBlank()) {
      throw FaultlineException.badRequest("a filter must not be blank");
    }
    return value;
  }

  private static int limit(String text) {
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw FaultlineException.badRequest(
        "limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + text + "'");
  }
}
