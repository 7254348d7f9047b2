package io.faultline.server.api.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The web console: its page at {@code /} for browsers and its files under {@code /console/}; the
 * fleet overview aggregated server-side ({@code GET /v1/console/fleet}); webhook deliveries by
 * fault, alarm or project ({@code GET /v1/deliveries}); and the live stream ({@code GET
 * /v1/stream}). Each answers under the policy of the API whose data it shows.
 */
public final class ConsoleApi implements ApiModule {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  /** The filters of {@code /v1/deliveries}; any other query parameter is a 400. */
  private static final Set<String> DELIVERY_PARAMETERS =
      Set.of("fault_id", "alarm_id", "project_id", "limit");

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
    allowOnly(exchange, Set.of());
    List<HostSummary> hosts = compute.fleet(exchange.credentials(), Optional.empty());
    Map<String, Integer> down =
        network.dataPlaneDownByHost(exchange.credentials(), Optional.empty());
    exchange.json(
        200,
        FleetRepresentation.from(
            hosts, down, clock.instant(), compute.settings().serviceDownTime()));
  }

  private void deliveries(Exchange exchange) {
    allowOnly(exchange, DELIVERY_PARAMETERS);
    int limit = exchange.query("limit").map(ConsoleApi::limit).orElse(DEFAULT_LIMIT);
    DeliveryQuery query =
        new DeliveryQuery(
            exchange.query("fault_id").map(ConsoleApi::nonBlank),
            exchange.query("alarm_id").map(ConsoleApi::nonBlank).map(AlarmId::new),
            exchange.query("project_id").map(ConsoleApi::nonBlank),
            limit);
    exchange.json(
        200,
        new Deliveries(
            alarms.deliveries(exchange.credentials(), query).stream()
                .map(DeliveryRepresentation::from)
                .toList()));
  }

  record Deliveries(List<DeliveryRepresentation> deliveries) {}

  /** One webhook delivery; {@code fault_id} and {@code last_error} are null when there is none. */
  record DeliveryRepresentation(
      String id,
      @JsonProperty("alarm_id") String alarmId,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("fault_id") String faultId,
      String action,
      String severity,
      String status,
      int attempts,
      @JsonProperty("last_error") String lastError,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("next_attempt_at") String nextAttemptAt) {
    static DeliveryRepresentation from(Delivery delivery) {
      return new DeliveryRepresentation(
          delivery.id().value(),
          delivery.alarmId().value(),
          delivery.projectId(),
          delivery.faultId().map(FaultId::value).orElse(null),
          delivery.action(),
          delivery.severity().wireName(),
          delivery.status().name().toLowerCase(Locale.ROOT),
          delivery.attempts(),
          delivery.lastError().isEmpty() ? null : delivery.lastError(),
          delivery.createdAt().toString(),
          delivery.nextAttemptAt().toString());
    }
  }

  /** A misspelt filter is refused rather than ignored, which would widen the list silently. */
  private static void allowOnly(Exchange exchange, Set<String> known) {
    Set<String> unknown = new TreeSet<>(exchange.queryMap().keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw FaultlineException.badRequest(
          "unknown query parameter(s) "
              + String.join(", ", unknown)
              + (known.isEmpty()
                  ? "; this list takes none"
                  : "; valid: " + String.join(", ", new TreeSet<>(known))));
    }
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
