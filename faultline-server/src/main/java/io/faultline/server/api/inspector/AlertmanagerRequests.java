package io.faultline.server.api.inspector;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.doctor.FaultType;
import io.faultline.doctor.RawFault;
import io.faultline.server.config.AlertmanagerConfig;
import io.faultline.server.http.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a Prometheus Alertmanager webhook (payload version 4): {@code {version, status, receiver,
 * groupKey, alerts: [{status, labels, annotations, startsAt, endsAt, fingerprint}]}}. A firing
 * alert becomes its mapped fault; a resolved one reports the host (or port, or link) up again.
 * Alerts that map to no fault type are skipped, so that one receiver can carry every alert of a
 * route.
 */
final class AlertmanagerRequests {
  static final String MONITOR = "alertmanager";
  private static final int MAX_ALERTS = 1000;

  private AlertmanagerRequests() {}

  /** Whether a body is an Alertmanager webhook rather than a Doctor report. */
  static boolean isAlertmanager(JsonNode body) {
    return body.isObject() && body.has("alerts") && body.has("version");
  }

  /** The raw faults of a webhook; {@code skipped} counts the alerts that mapped to none. */
  record Parsed(List<RawFault> faults, int skipped) {}

  static Parsed parse(JsonNode body, AlertmanagerConfig mapping) {
    String version = body.get("version").asText();
    if (!version.equals("4")) {
      throw badRequest("Alertmanager webhook version must be \"4\", not \"" + version + "\"");
    }
    JsonNode alerts = body.get("alerts");
    if (!alerts.isArray()) {
      throw badRequest("'alerts' must be a list, not " + Json.describe(alerts));
    }
    if (alerts.size() > MAX_ALERTS) {
      throw badRequest("at most " + MAX_ALERTS + " alerts per webhook, not " + alerts.size());
    }
    List<RawFault> faults = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < alerts.size(); i++) {
      String path = "alerts[" + i + "]";
      JsonNode alert = alerts.get(i);
      if (!alert.isObject()) {
        throw badRequest("'" + path + "' must be an object, not " + Json.describe(alert));
      }
      Optional<RawFault> fault = alert(alert, path, mapping);
      if (fault.isPresent()) {
        faults.add(fault.get());
      } else {
        skipped++;
      }
    }
    return new Parsed(faults, skipped);
  }

  private static Optional<RawFault> alert(JsonNode alert, String path, AlertmanagerConfig mapping) {
    Map<String, String> labels = labels(alert, path);
    Optional<FaultType> mapped = faultType(labels, mapping, path);
    if (mapped.isEmpty()) {
      return Optional.empty();
    }
    String status = Json.optionalString(alert, "status", path + ".status").orElse("firing");
    boolean resolved;
    switch (status) {
      case "firing" -> resolved = false;
      case "resolved" -> resolved = true;
      default ->
          throw badRequest(
              "'" + path + ".status' must be 'firing' or 'resolved', not '" + status + "'");
    }
    Optional<FaultType> type = resolved ? recovery(mapped.get()) : mapped;
    if (type.isEmpty()) {
      return Optional.empty();
    }
    String host = host(labels, mapping, path);
    Instant time =
        resolved
            ? time(alert, "endsAt", path).or(() -> time(alert, "startsAt", path)).orElseThrow()
            : time(alert, "startsAt", path)
                .orElseThrow(() -> badRequest("'" + path + ".startsAt' is a required property"));
    Map<String, Object> details = new LinkedHashMap<>(labels);
    details.put("alert_status", status);
    return Optional.of(
        new RawFault(
            time,
            type.get(),
            host,
            Optional.ofNullable(labels.get("port_id")),
            Optional.of(resolved ? "up" : "down"),
            MONITOR,
            Json.optionalString(alert, "fingerprint", path + ".fingerprint"),
            details));
  }

  private static Map<String, String> labels(JsonNode alert, String path) {
    JsonNode node = alert.get("labels");
    if (node == null || !node.isObject()) {
      throw badRequest("'" + path + ".labels' must be an object of label names to values");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (var field : node.properties()) {
      if (!field.getValue().isValueNode()) {
        throw badRequest("'" + path + ".labels." + field.getKey() + "' must be a string");
      }
      labels.put(field.getKey(), field.getValue().asText());
    }
    return labels;
  }

  private static Optional<FaultType> faultType(
      Map<String, String> labels, AlertmanagerConfig mapping, String path) {
    String explicit = labels.get("fault_type");
    if (explicit != null) {
      try {
        return Optional.of(FaultType.fromWire(explicit));
      } catch (RuntimeException e) {
        throw badRequest("'" + path + ".labels.fault_type': " + e.getMessage());
      }
    }
    String name = labels.get("alertname");
    return Optional.ofNullable(name == null ? null : mapping.faultTypes().get(name))
        .map(FaultType::fromWire);
  }

  /** What a resolved alert reports: the up counterpart of its fault, if it has one. */
  private static Optional<FaultType> recovery(FaultType type) {
    return switch (type) {
      case COMPUTE_HOST_DOWN, COMPUTE_HOST_UP -> Optional.of(FaultType.COMPUTE_HOST_UP);
      case NETWORK_PORT_DOWN, NETWORK_PORT_UP -> Optional.of(FaultType.NETWORK_PORT_UP);
      case NETWORK_LINK_DOWN, NETWORK_LINK_UP -> Optional.of(FaultType.NETWORK_LINK_UP);
      case HOST_MAINTENANCE_ON, HOST_MAINTENANCE_OFF -> Optional.empty();
    };
  }

  private static String host(Map<String, String> labels, AlertmanagerConfig mapping, String path) {
    for (String label : mapping.hostLabels()) {
      String value = labels.get(label);
      if (value != null && !value.isBlank()) {
        return label.equals("instance") ? withoutPort(value) : value;
      }
    }
    throw badRequest(
        "'"
            + path
            + ".labels' name no host: set one of "
            + String.join(", ", mapping.hostLabels()));
  }

  /** {@code compute-1:9100} → {@code compute-1}; {@code [fd00::1]:9100} → {@code fd00::1}. */
  static String withoutPort(String instance) {
    if (instance.startsWith("[")) {
      int end = instance.indexOf(']');
      return end > 0 ? instance.substring(1, end) : instance;
    }
    int colon = instance.lastIndexOf(':');
    boolean onePort = colon > 0 && instance.indexOf(':') == colon;
    return onePort ? instance.substring(0, colon) : instance;
  }

  private static Optional<Instant> time(JsonNode alert, String field, String path) {
    Optional<String> text = Json.optionalString(alert, field, path + "." + field);
    // Alertmanager sends the zero time (0001-01-01T00:00:00Z) for an alert that has not ended.
    if (text.isEmpty() || text.get().startsWith("0001-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
    } catch (DateTimeParseException e) {
      throw badRequest(
          "'" + path + "." + field + "' must be an RFC 3339 time, not '" + text.get() + "'");
    }
  }
}
