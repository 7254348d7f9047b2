package io.faultline.server.api.alarm;

import static io.faultline.error.FaultlineException.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.alarm.AlarmDraft;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.TimeConstraint;
import io.faultline.alarm.ValueType;
import io.faultline.server.http.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Aodh alarm body into an {@link AlarmDraft}. Read-only fields (alarm_id, timestamps,
 * state_reason) are ignored, since {@code aodh alarm update} PUTs back the whole alarm it read.
 */
final class AlarmRequests {
  private AlarmRequests() {}

  static AlarmDraft draft(JsonNode body) {
    String name = Json.requiredString(body, "name", "name");
    String typeName = Json.requiredString(body, "type", "type");
    AlarmType type = AlarmType.fromWire(typeName);
    return new AlarmDraft(
        name,
        Json.optionalString(body, "description", "description"),
        type,
        rule(body, type),
        Json.optionalBoolean(body, "enabled", "enabled").orElse(true),
        Json.optionalString(body, "state", "state").map(AlarmState::fromWire),
        Json.optionalString(body, "severity", "severity")
            .map(Severity::fromWire)
            .orElse(Severity.LOW),
        strings(body, "ok_actions"),
        strings(body, "alarm_actions"),
        strings(body, "insufficient_data_actions"),
        Json.optionalBoolean(body, "repeat_actions", "repeat_actions").orElse(false),
        timeConstraints(body),
        Json.optionalString(body, "project_id", "project_id"),
        Json.optionalString(body, "user_id", "user_id"),
        Json.optionalString(body, "resource_id", "resource_id"));
  }

  /** The rule under the type's own key; the other spelling's key is accepted as an alias. */
  private static EventRule rule(JsonNode body, AlarmType type) {
    String key = type.ruleKey();
    String alias =
        type == AlarmType.EVENT ? AlarmType.NOTIFICATION.ruleKey() : AlarmType.EVENT.ruleKey();
    JsonNode rule =
        present(body, key) ? body.get(key) : present(body, alias) ? body.get(alias) : null;
    if (rule == null) {
      throw badRequest("'" + key + "' is required for an alarm of type " + type.wireName());
    }
    if (!rule.isObject()) {
      throw badRequest("'" + key + "' must be an object, not " + Json.describe(rule));
    }
    String eventType = Json.optionalString(rule, "event_type", key + ".event_type").orElse("*");
    List<QueryTerm> query = new ArrayList<>();
    JsonNode terms = rule.get("query");
    if (terms != null && !terms.isNull()) {
      if (!terms.isArray()) {
        throw badRequest("'" + key + ".query' must be a list, not " + Json.describe(terms));
      }
      for (int i = 0; i < terms.size(); i++) {
        query.add(term(terms.get(i), key + ".query[" + i + "]"));
      }
    }
    return EventRule.of(eventType, query);
  }

  private static QueryTerm term(JsonNode term, String path) {
    if (!term.isObject()) {
      throw badRequest("'" + path + "' must be an object, not " + Json.describe(term));
    }
    String field = Json.requiredString(term, "field", path + ".field");
    String op = Json.optionalString(term, "op", path + ".op").orElse("eq");
    String type = Json.optionalString(term, "type", path + ".type").orElse("");
    JsonNode value = term.get("value");
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw badRequest("'" + path + ".value' is required and must be a scalar");
    }
    ValueType valueType =
        ValueType.fromWire(type)
            .orElseThrow(
                () ->
                    badRequest(
                        "Invalid query term {field: "
                            + field
                            + "}: type '"
                            + type
                            + "' must be one of string, integer, float, boolean, datetime"));
    return QueryTerm.of(
        field, QueryOp.fromWire(op, "term {field: " + field + "}"), valueType, value.asText());
  }

  private static List<TimeConstraint> timeConstraints(JsonNode body) {
    JsonNode list = body.get("time_constraints");
    List<TimeConstraint> constraints = new ArrayList<>();
    if (list == null || list.isNull()) {
      return constraints;
    }
    if (!list.isArray()) {
      throw badRequest("'time_constraints' must be a list, not " + Json.describe(list));
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String path = "time_constraints[" + i + "]";
      if (!item.isObject()) {
        throw badRequest("'" + path + "' must be an object");
      }
      constraints.add(
          TimeConstraint.of(
              Json.requiredString(item, "name", path + ".name"),
              Json.optionalString(item, "description", path + ".description").orElse(""),
              Json.requiredString(item, "start", path + ".start"),
              duration(item.get("duration"), path + ".duration"),
              Json.optionalString(item, "timezone", path + ".timezone").orElse("")));
    }
    return constraints;
  }

  /**
   * Seconds, as a JSON integer or a string of digits: aodhclient's {@code --time-constraint
   * 'duration=10'} sends the string, and Aodh's integer type accepts both.
   */
  private static long duration(JsonNode duration, String path) {
    if (duration == null || duration.isNull()) {
      throw badRequest("'" + path + "' is a required property");
    }
    if (duration.isIntegralNumber() && duration.canConvertToLong()) {
      return duration.asLong();
    }
    if (duration.isTextual() && duration.asText().trim().matches("[+-]?\\d{1,18}")) {
      return Long.parseLong(duration.asText().trim());
    }
    throw badRequest(
        "'" + path + "' must be an integer number of seconds, not " + Json.describe(duration));
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode list = body.get(field);
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw badRequest("'" + field + "' must be a list of URLs, not " + Json.describe(list));
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        throw badRequest("'" + field + "' must hold strings, not " + Json.describe(item));
      }
      values.add(item.asText());
    }
    return values;
  }

  private static boolean present(JsonNode body, String key) {
    return body.has(key) && !body.get(key).isNull();
  }
}
