package io.faultline.server.api.inspector;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.doctor.FaultType;
import io.faultline.doctor.RawFault;
import io.faultline.server.http.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses raw faults in the Doctor formats: a JSON list of events (the sample monitor's {@code PUT
 * /events}), {@code {"events": [...]}} or {@code {"event": {...}}}. Each event is {@code {time,
 * type, details: {hostname, status, monitor, monitor_event_id, port_id?}}}; a time without a zone
 * is UTC, as the sample monitor sends it.
 */
final class RawFaultRequests {
  private static final int MAX_EVENTS = 1000;

  private RawFaultRequests() {}

  static List<RawFault> parse(JsonNode body) {
    JsonNode events;
    if (body.isArray()) {
      events = body;
    } else if (body.isObject() && body.has("events")) {
      events = body.get("events");
      if (!events.isArray()) {
        throw badRequest("'events' must be a list, not " + Json.describe(events));
      }
    } else if (body.isObject() && body.has("event")) {
      events = body.get("event");
      if (!events.isObject()) {
        throw badRequest("'event' must be an object, not " + Json.describe(events));
      }
      return List.of(event(events, "event"));
    } else {
      throw badRequest("send a list of events, {\"events\": [...]} or {\"event\": {...}}");
    }
    if (events.isEmpty()) {
      throw badRequest("the list of events is empty");
    }
    if (events.size() > MAX_EVENTS) {
      throw badRequest("at most " + MAX_EVENTS + " events per report, not " + events.size());
    }
    List<RawFault> faults = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      String path = "events[" + i + "]";
      if (!event.isObject()) {
        throw badRequest("'" + path + "' must be an object, not " + Json.describe(event));
      }
      faults.add(event(event, path));
    }
    return faults;
  }

  private static RawFault event(JsonNode event, String path) {
    FaultType type = FaultType.fromWire(Json.requiredString(event, "type", path + ".type"));
    Instant time = time(event.get("time"), path + ".time");
    JsonNode details = Json.object(event, "details");
    String hostname = Json.requiredString(details, "hostname", path + ".details.hostname");
    Map<String, Object> extra = new LinkedHashMap<>();
    for (var field : details.properties()) {
      if (field.getValue().isValueNode()) {
        extra.put(field.getKey(), field.getValue().asText());
      }
    }
    return new RawFault(
        time,
        type,
        hostname,
        Json.optionalString(details, "port_id", path + ".details.port_id"),
        Json.optionalString(details, "status", path + ".details.status"),
        Json.optionalString(details, "monitor", path + ".details.monitor").orElse("unknown"),
        Json.optionalString(details, "monitor_event_id", path + ".details.monitor_event_id")
            .or(() -> Json.optionalString(event, "id", path + ".id")),
        extra);
  }

  private static Instant time(JsonNode value, String path) {
    if (value == null || value.isNull()) {
      throw badRequest("'" + path + "' is a required property");
    }
    if (value.isNumber()) {
      double seconds = value.asDouble();
      return Instant.ofEpochSecond((long) seconds, (long) ((seconds % 1) * 1_000_000_000L));
    }
    if (!value.isTextual()) {
      throw badRequest("'" + path + "' must be a timestamp, not " + Json.describe(value));
    }
    String text = value.asText();
    Optional<Instant> parsed = parse(text);
    return parsed.orElseThrow(
        () ->
            badRequest(
                "'"
                    + path
                    + "' must be an ISO-8601 timestamp such as 2016-04-12T08:00:00.000000, not '"
                    + text
                    + "'"));
  }

  private static Optional<Instant> parse(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return Optional.of(LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notLocal) {
        return Optional.empty();
      }
    }
  }
}
