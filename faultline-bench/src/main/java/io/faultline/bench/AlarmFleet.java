package io.faultline.bench;

import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmIndex;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.Event;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.ValueType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A synthetic alarm population shaped like DESIGN §6's fleet: {@code projects} projects, each alarm
 * on one instance ({@code resource_id}) watching {@code compute.instance.update} for state {@code
 * stopped}, plus one project-wide wildcard alarm per project.
 */
final class AlarmFleet {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private AlarmFleet() {}

  static String project(int i) {
    return "project-" + i;
  }

  static String instance(int i) {
    return "instance-" + i;
  }

  static AlarmIndex build(int alarms, int projects) {
    AlarmIndex index = new AlarmIndex();
    List<QueryTerm> query =
        List.of(QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "stopped"));
    EventRule perInstance = EventRule.of("compute.instance.update", query);
    EventRule wildcard =
        EventRule.of(
            "compute.instance.*",
            List.of(QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "error")));
    for (int i = 0; i < alarms; i++) {
      boolean projectWide = i < projects;
      index.put(
          alarm(
              project(i % projects),
              projectWide ? Optional.empty() : Optional.of(instance(i)),
              projectWide ? wildcard : perInstance));
    }
    return index;
  }

  static Alarm alarm(String project, Optional<String> resource, EventRule rule) {
    return new Alarm(
        new AlarmId(UUID.randomUUID().toString()),
        "alarm",
        "",
        AlarmType.EVENT,
        rule,
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.LOW,
        List.of(),
        List.of("http://127.0.0.1:9/x"),
        List.of(),
        false,
        List.of(),
        project,
        "user",
        resource,
        T0,
        T0);
  }

  /**
   * An instance update for alarm {@code i}'s instance; {@code state} decides whether it matches.
   */
  static Event event(int i, int projects, String state) {
    return new Event(
        "msg-" + i,
        "compute.instance.update",
        T0,
        Map.of(
            "tenant_id", project(i % projects),
            "project_id", project(i % projects),
            "instance_id", instance(i),
            "resource_id", instance(i),
            "state", state,
            "old_state", "active",
            "host", "compute-" + (i % 10_000)));
  }
}
