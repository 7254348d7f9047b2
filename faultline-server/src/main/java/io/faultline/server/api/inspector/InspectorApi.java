package io.faultline.server.api.inspector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.cause.FaultId;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.Inspector;
import io.faultline.doctor.RawFault;
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

  private void list(Exchange exchange) {
    int limit = exchange.query("limit").map(InspectorApi::limit).orElse(DEFAULT_LIMIT);
    exchange.json(
        200,
        Map.of(
            "faults",
            inspector.list(exchange.credentials(), limit).stream()
                .map(InspectorApi::representation)
                .toList()));
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
    throw io.faultline.error.FaultlineException.badRequest(
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
