package io.faultline.server.api.inspector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.cause.FaultId;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultQuery;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultStatus;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.FaultType;
import io.faultline.doctor.Inspector;
import io.faultline.doctor.RawFault;
import io.faultline.error.FaultlineException;
import io.faultline.server.config.AlertmanagerConfig;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inspector's intake ({@code /v1/events}) and the fault timeline ({@code /v1/faults}). */
public final class InspectorApi implements ApiModule {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final Inspector inspector;
  private final AlertmanagerConfig alertmanager;

  public InspectorApi(Inspector inspector) {
    this(inspector, AlertmanagerConfig.defaults());
  }

  public InspectorApi(Inspector inspector, AlertmanagerConfig alertmanager) {
    this.inspector = requireNonNull(inspector, "inspector is null");
    this.alertmanager = requireNonNull(alertmanager, "alertmanager is null");
  }

  @Override
  public void register(Router router) {
    router.put(Service.FAULTLINE, "/v1/events", this::report);
    router.post(Service.FAULTLINE, "/v1/events", this::report);
    router.get(Service.FAULTLINE, "/v1/faults", this::list);
    router.get(Service.FAULTLINE, "/v1/faults/{id}", this::show);
  }

  private void report(Exchange exchange) {
    JsonNode request = exchange.jsonBody();
    List<RawFault> faults;
    int skipped = 0;
    if (AlertmanagerRequests.isAlertmanager(request)) {
      AlertmanagerRequests.Parsed parsed = AlertmanagerRequests.parse(request, alertmanager);
      faults = parsed.faults();
      skipped = parsed.skipped();
    } else {
      faults = RawFaultRequests.parse(request);
    }
    if (faults.isEmpty()) {
      // An Alertmanager route may carry alerts that are no fault: accepted, and nothing to do.
      exchange.json(200, Map.of("faults", List.of(), "skipped_alerts", skipped));
      return;
    }
    List<Inspector.Receipt> receipts = inspector.report(exchange.credentials(), faults);
    List<Map<String, Object>> body = new ArrayList<>();
    for (Inspector.Receipt receipt : receipts) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("fault_id", receipt.faultId().value());
      item.put("merged", receipt.merged());
      item.put("status", receipt.status().wireName());
      item.put(
          "links",
          List.of(
              Map.of(
                  "rel", "self", "href", exchange.baseUrl() + "/v1/faults/" + receipt.faultId())));
      body.add(item);
    }
    exchange.header("X-Faultline-Fault-Id", receipts.get(0).faultId().value());
    exchange.json(
        202,
        skipped == 0 ? Map.of("faults", body) : Map.of("faults", body, "skipped_alerts", skipped));
  }

  private static final java.util.Set<String> LIST_PARAMETERS =
      java.util.Set.of("host", "type", "status", "since", "limit", "marker");

  /**
   * Faults newest first, filtered by {@code host}, {@code type}, {@code status} and {@code since}
   * (an ISO-8601 instant; faults received at or after it), paged by {@code limit} and {@code
   * marker} (the id of the last fault of the previous page). A full page links to the next one.
   */
  private void list(Exchange exchange) {
    for (String name : exchange.queryMap().keySet()) {
      if (!LIST_PARAMETERS.contains(name)) {
        throw FaultlineException.badRequest(
            "unknown query parameter '"
                + name
                + "'; the fault list takes "
                + String.join(", ", new java.util.TreeSet<>(LIST_PARAMETERS)));
      }
    }
    FaultQuery query =
        new FaultQuery(
            exchange.query("host").map(host -> nonBlank("host", host)),
            exchange.query("type").map(InspectorApi::type),
            exchange.query("status").map(InspectorApi::status),
            exchange.query("since").map(InspectorApi::since),
            exchange.query("limit").map(InspectorApi::limit).orElse(DEFAULT_LIMIT),
            exchange.query("marker").map(marker -> new FaultId(nonBlank("marker", marker))));
    List<Fault> faults = inspector.list(exchange.credentials(), query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("faults", faults.stream().map(InspectorApi::representation).toList());
    if (faults.size() == query.limit()) {
      StringBuilder next = new StringBuilder(exchange.baseUrl()).append("/v1/faults?");
      query.host().ifPresent(host -> next.append("host=").append(encode(host)).append('&'));
      query.type().ifPresent(type -> next.append("type=").append(type.wireName()).append('&'));
      query
          .status()
          .ifPresent(status -> next.append("status=").append(status.wireName()).append('&'));
      query.since().ifPresent(since -> next.append("since=").append(since).append('&'));
      next.append("limit=").append(query.limit());
      next.append("&marker=").append(encode(faults.get(faults.size() - 1).id().value()));
      body.put("faults_links", List.of(Map.of("rel", "next", "href", next.toString())));
    }
    exchange.json(200, body);
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String nonBlank(String name, String value) {
    if (value.isBlank()) {
      throw FaultlineException.badRequest(name + " must not be empty");
    }
    return value;
  }

  private static FaultType type(String text) {
    for (FaultType type : FaultType.values()) {
      if (type.wireName().equals(text)) {
        return type;
      }
    }
    throw FaultlineException.badRequest(
        "type must be one of "
            + java.util.Arrays.stream(FaultType.values())
                .map(FaultType::wireName)
                .collect(java.util.stream.Collectors.joining(", "))
            + ", not '"
            + text
            + "'");
  }

  private static FaultStatus status(String text) {
    for (FaultStatus status : FaultStatus.values()) {
      if (status.wireName().equals(text)) {
        return status;
      }
    }
    throw FaultlineException.badRequest(
        "status must be one of "
            + java.util.Arrays.stream(FaultStatus.values())
                .map(FaultStatus::wireName)
                .collect(java.util.stream.Collectors.joining(", "))
            + ", not '"
            + text
            + "'");
  }

  private static Instant since(String text) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (java.time.format.DateTimeParseException again) {
        throw FaultlineException.badRequest(
            "since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not '" + text + "'");
      }
    }
  }

  private void show(Exchange exchange) {
    Fault fault = inspector.get(exchange.credentials(), new FaultId(exchange.pathParam("id")));
    exchange.json(200, Map.of("fault", representation(fault)));
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

  /**
   * A fault with its timeline: each stage reached, when, and the time since T0 and since the
   * previous stage.
   */
  public static Map<String, Object> representation(Fault fault) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", fault.id().value());
    body.put("type", fault.type().wireName());
    body.put("hostname", fault.hostname());
    body.put("port_id", fault.portId().orElse(null));
    body.put("monitor", fault.monitor());
    body.put("monitor_event_id", fault.monitorEventId().orElse(null));
    body.put("status", fault.status().wireName());
    body.put("message", fault.message().orElse(null));
    body.put("reports", fault.reports());
    List<Map<String, Object>> timeline = new ArrayList<>();
    Instant detected = fault.stamps().get(FaultStage.DETECTED);
    Instant previous = null;
    for (FaultStage stage : FaultStage.values()) {
      Instant at = fault.stamps().get(stage);
      if (at == null) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("stage", stage.label());
      entry.put("name", stage.wireName());
      entry.put("at", at.toString());
      entry.put("ms_since_detected", detected == null ? null : millis(detected, at));
      entry.put("ms_since_previous", previous == null ? null : millis(previous, at));
      timeline.add(entry);
      previous = at;
    }
    body.put("timeline", timeline);
    Map<String, Object> affected = new LinkedHashMap<>();
    affected.put("instances", fault.affected().getOrDefault(AffectedKind.INSTANCE, List.of()));
    affected.put("ports", fault.affected().getOrDefault(AffectedKind.PORT, List.of()));
    affected.put("alarms", fault.affected().getOrDefault(AffectedKind.ALARM, List.of()));
    body.put("affected", affected);
    return body;
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000.0;
  }
}
