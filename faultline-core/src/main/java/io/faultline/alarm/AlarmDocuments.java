package io.faultline.alarm;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alarm as Aodh's JSON document. History entries embed it (the {@code creation} detail is the
 * full alarm) and the API shows it, so both use this one spelling.
 */
public final class AlarmDocuments {
  private AlarmDocuments() {}

  /** Aodh's timestamps: ISO 8601, UTC, no zone, fraction only when non-zero. */
  public static String time(Instant instant) {
    return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
        LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  public static Map<String, Object> rule(EventRule rule) {
    List<Map<String, Object>> query = new ArrayList<>();
    for (QueryTerm term : rule.query()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("field", term.field());
      entry.put("op", term.op().wireName());
      entry.put("type", term.type().wireName());
      entry.put("value", term.value());
      query.add(entry);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("event_type", rule.eventType().glob());
    document.put("query", query);
    return document;
  }

  public static List<Map<String, Object>> timeConstraints(List<TimeConstraint> constraints) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (TimeConstraint constraint : constraints) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", constraint.name());
      entry.put("description", constraint.description());
      entry.put("start", constraint.start());
      entry.put("duration", constraint.duration());
      entry.put("timezone", constraint.timezone());
      documents.add(entry);
    }
    return documents;
  }

  public static Map<String, Object> alarm(Alarm alarm) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("alarm_id", alarm.id().value());
    document.put("name", alarm.name());
    document.put("description", alarm.description());
    document.put("type", alarm.type().wireName());
    document.put(alarm.type().ruleKey(), rule(alarm.rule()));
    document.put("enabled", alarm.enabled());
    document.put("state", alarm.state().wireName());
    document.put("state_reason", alarm.stateReason());
    document.put("severity", alarm.severity().wireName());
    document.put("ok_actions", alarm.okActions());
    document.put("alarm_actions", alarm.alarmActions());
    document.put("insufficient_data_actions", alarm.insufficientDataActions());
    document.put("repeat_actions", alarm.repeatActions());
    document.put("time_constraints", timeConstraints(alarm.timeConstraints()));
    document.put("project_id", alarm.projectId());
    document.put("user_id", alarm.userId());
    document.put("resource_id", alarm.resourceId().orElse(null));
    document.put("timestamp", time(alarm.timestamp()));
    document.put("state_timestamp", time(alarm.stateTimestamp()));
    return document;
  }
}
