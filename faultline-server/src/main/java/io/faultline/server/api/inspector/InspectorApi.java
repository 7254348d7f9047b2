package io.faultline.server.api.inspector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.util.List;

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
      exchange.json(200, new ReportReply(List.of(), skipped));
      return;
    }
    List<Inspector.Receipt> receipts = inspector.report(exchange.credentials(), faults);
    List<ReceiptRepresentation> body =
        receipts.stream()
            .map(receipt -> ReceiptRepresentation.from(receipt, exchange.baseUrl()))
            .toList();
    exchange.header("X-Faultline-Fault-Id", receipts.get(0).faultId().value());
    exchange.json(202, new ReportReply(body, skipped == 0 ? null : skipped));
  }

  record Link(String rel, String href) {}

  /** What became of one reported fault: a new fault, or merged into an open one. */
  record ReceiptRepresentation(
      @JsonProperty("fault_id") String faultId, boolean merged, String status, List<Link> links) {
    static ReceiptRepresentation from(Inspector.Receipt receipt, String baseUrl) {
      return new ReceiptRepresentation(
          receipt.faultId().value(),
          receipt.merged(),
          receipt.status().wireName(),
          List.of(new Link("self", baseUrl + "/v1/faults/" + receipt.faultId())));
    }
  }

  /**
   * The answer to a report; {@code skipped_alerts} counts the Alertmanager alerts that were no
   * fault, and is there only when some were, or when none was a fault.
   */
  record ReportReply(
      List<ReceiptRepresentation> faults,
      @JsonProperty("skipped_alerts") @JsonInclude(Include.NON_NULL) Integer skippedAlerts) {}

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
    List<FaultRepresentation> items = faults.stream().map(InspectorApi::representation).toList();
    if (faults.size() < query.limit()) {
      exchange.json(200, new FaultList(items, null));
      return;
    }
    StringBuilder next = new StringBuilder(exchange.baseUrl()).append("/v1/faults?");
    query.host().ifPresent(host -> next.append("host=").append(encode(host)).append('&'));
    query.type().ifPresent(type -> next.append("type=").append(type.wireName()).append('&'));
    query
        .status()
        .ifPresent(status -> next.append("status=").append(status.wireName()).append('&'));
    query.since().ifPresent(since -> next.append("since=").append(since).append('&'));
    next.append("limit=").append(query.limit());
    next.append("&marker=").append(encode(faults.get(faults.size() - 1).id().value()));
    exchange.json(200, new FaultList(items, List.of(new Link("next", next.toString()))));
  }

  record FaultList(
      List<FaultRepresentation> faults,
      @JsonProperty("faults_links") @JsonInclude(Include.NON_NULL) List<Link> links) {}

  record FaultBody(FaultRepresentation fault) {}

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
    exchange.json(200, new FaultBody(representation(fault)));
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

  /** A stage the fault reached: when, and the milliseconds since T0 and since the stage before. */
  record TimelineEntry(
      String stage,
      String name,
      String at,
      @JsonProperty("ms_since_detected") Double msSinceDetected,
      @JsonProperty("ms_since_previous") Double msSincePrevious) {}

  /**
   * An attempt to fence the fault's host, recorded before the fence command ran: by which node
   * (null for a process alone), when, and whether it was a repeat with the same fault id (an
   * earlier attempt, on a node that died, may already have fenced the host).
   */
  record FenceAttemptEntry(String node, String at, boolean repeat, String note) {}

  /** What the fault touched, by kind. */
  record Affected(List<String> instances, List<String> ports, List<String> alarms) {}

  /** A fault with its timeline. */
  public record FaultRepresentation(
      String id,
      String type,
      String hostname,
      @JsonProperty("port_id") String portId,
      String monitor,
      @JsonProperty("monitor_event_id") String monitorEventId,
      String status,
      String message,
      int reports,
      List<TimelineEntry> timeline,
      @JsonProperty("fence_attempts") List<FenceAttemptEntry> fenceAttempts,
      Affected affected) {}

  /**
   * A fault with its timeline: each stage reached, when, and the time since T0 and since the
   * previous stage.
   */
  public static FaultRepresentation representation(Fault fault) {
    List<TimelineEntry> timeline = new ArrayList<>();
    Instant detected = fault.stamps().get(FaultStage.DETECTED);
    Instant previous = null;
    for (FaultStage stage : FaultStage.values()) {
      Instant at = fault.stamps().get(stage);
      if (at == null) {
        continue;
      }
      timeline.add(
          new TimelineEntry(
              stage.label(),
              stage.wireName(),
              at.toString(),
              detected == null ? null : millis(detected, at),
              previous == null ? null : millis(previous, at)));
      previous = at;
    }
    return new FaultRepresentation(
        fault.id().value(),
        fault.type().wireName(),
        fault.hostname(),
        fault.portId().orElse(null),
        fault.monitor(),
        fault.monitorEventId().orElse(null),
        fault.status().wireName(),
        fault.message().orElse(null),
        fault.reports(),
        timeline,
        fault.fenceAttempts().stream()
            .map(
                attempt ->
                    new FenceAttemptEntry(
                        attempt.node().orElse(null),
                        attempt.at().toString(),
                        attempt.repeat(),
                        attempt.repeat()
                            ? "fenced again with the same fault id: an earlier attempt may"
                                + " already have fenced the host"
                            : null))
            .toList(),
        new Affected(
            fault.affected().getOrDefault(AffectedKind.INSTANCE, List.of()),
            fault.affected().getOrDefault(AffectedKind.PORT, List.of()),
            fault.affected().getOrDefault(AffectedKind.ALARM, List.of())));
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000.0;
  }
}
