package io.faultline.alarm;

import static io.faultline.alarm.AlarmFixtures.T0;
import static io.faultline.alarm.AlarmFixtures.alarm;
import static io.faultline.alarm.AlarmFixtures.event;
import static io.faultline.alarm.AlarmFixtures.term;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventEvaluatorTest {
  private static final Map<String, Object> TRAITS =
      Map.of(
          "state",
          "error",
          "count",
          5L,
          "ratio",
          0.5d,
          "flag",
          true,
          "launched_at",
          Instant.parse("2026-01-01T09:00:00Z"),
          "instance_id",
          "vm-1");

  /** op × type: trait value vs query value, and whether the alarm fires. */
  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @CsvSource({
    "traits.state, eq, string, error, true",
    "traits.state, eq, string, active, false",
    "traits.state, ne, string, active, true",
    "traits.state, ne, string, error, false",
    "traits.state, lt, string, f, true",
    "traits.state, gt, string, f, false",
    "traits.state, eq, '', error, true",
    "traits.count, eq, integer, 5, true",
    "traits.count, lt, integer, 6, true",
    "traits.count, lt, integer, 5, false",
    "traits.count, le, integer, 5, true",
    "traits.count, gt, integer, 4, true",
    "traits.count, ge, integer, 6, false",
    "traits.count, ne, integer, 5, false",
    "traits.ratio, eq, float, 0.5, true",
    "traits.ratio, gt, float, 0.25, true",
    "traits.ratio, le, float, 0.4, false",
    "traits.count, ge, float, 4.5, true",
    "traits.flag, eq, boolean, true, true",
    "traits.flag, eq, boolean, false, false",
    "traits.flag, ne, boolean, false, true",
    "traits.launched_at, lt, datetime, 2026-01-01T09:30:00, true",
    "traits.launched_at, eq, datetime, 2026-01-01T09:00:00Z, true",
    "traits.launched_at, gt, datetime, 2026-01-01T09:30:00, false",
    "traits.missing, eq, string, x, false",
    "traits.state, eq, integer, 1, false",
    "event_type, eq, string, compute.instance.update, true",
    "event_type, ne, string, compute.instance.update, false",
  })
  void matchTable(String field, String op, String type, String value, boolean fires) {
    Alarm alarm =
        alarm("p1", EventRule.of("compute.instance.update", List.of(term(field, op, type, value))));
    Evaluation result =
        EventEvaluator.evaluate(alarm, event("compute.instance.update", "p1", TRAITS), T0);
    assertThat(result instanceof Evaluation.Fire).isEqualTo(fires);
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
    "compute.instance.update, compute.instance.update, true",
    "compute.instance.*, compute.instance.update, true",
    "compute.instance.*, compute.instance.delete.end, true",
    "compute.*.update, compute.instance.update, true",
    "*, port.update.end, true",
    "compute.instance.?pdate, compute.instance.update, true",
    "port.update.[es]nd, port.update.end, true",
    "port.update.[!e]nd, port.update.end, false",
    "compute.instance.*, compute.instances, false",
    "compute.instance.update, compute.instance.update.end, false",
    "service.update, compute.instance.update, false",
  })
  void wildcardEventTypes(String pattern, String eventType, boolean fires) {
    Alarm alarm = alarm("p1", EventRule.of(pattern, List.of()));
    assertThat(EventEvaluator.evaluate(alarm, event(eventType, "p1", TRAITS), T0))
        .matches(result -> (result instanceof Evaluation.Fire) == fires);
  }

  @Test
  void onlyEventsOfTheAlarmsProject() {
    Alarm alarm = alarm("p1", EventRule.of("*", List.of()));
    assertThat(EventEvaluator.evaluate(alarm, event("x", "p2", TRAITS), T0))
        .isEqualTo(new Evaluation.Skip("other project"));
  }

  @Test
  void resourceIdRestrictsToThatResource() {
    Alarm base = alarm("p1", EventRule.of("*", List.of()));
    Alarm onVm1 = with(base, Optional.of("vm-1"), true, false, AlarmState.OK);
    Alarm onVm2 = with(base, Optional.of("vm-2"), true, false, AlarmState.OK);
    Event event = event("compute.instance.update", "p1", TRAITS);
    assertThat(EventEvaluator.evaluate(onVm1, event, T0)).isInstanceOf(Evaluation.Fire.class);
    assertThat(EventEvaluator.evaluate(onVm2, event, T0))
        .isEqualTo(new Evaluation.Skip("other resource"));
  }

  @Test
  void disabledNeverFires() {
    Alarm alarm =
        with(
            alarm("p1", EventRule.of("*", List.of())),
            Optional.empty(),
            false,
            true,
            AlarmState.OK);
    assertThat(EventEvaluator.evaluate(alarm, event("x", "p1", TRAITS), T0))
        .isEqualTo(new Evaluation.Skip("disabled"));
  }

  @Test
  void inAlarmFiresAgainOnlyWithRepeatActions() {
    Alarm base = alarm("p1", EventRule.of("*", List.of()));
    Event event = event("x", "p1", TRAITS);
    Alarm once = with(base, Optional.empty(), true, false, AlarmState.ALARM);
    Alarm repeat = with(base, Optional.empty(), true, true, AlarmState.ALARM);
    assertThat(EventEvaluator.evaluate(once, event, T0)).isInstanceOf(Evaluation.Skip.class);
    Evaluation again = EventEvaluator.evaluate(repeat, event, T0);
    assertThat(again).isInstanceOf(Evaluation.Fire.class);
    assertThat(((Evaluation.Fire) again).transition()).isFalse();
    assertThat(((Evaluation.Fire) again).actions()).containsExactly("http://127.0.0.1:9/x");
  }

  @Test
  void fireCarriesAodhReasonAndTheEvent() {
    Alarm alarm =
        alarm("p1", EventRule.of("*", List.of(term("traits.state", "eq", "string", "error"))));
    Evaluation.Fire fire =
        (Evaluation.Fire) EventEvaluator.evaluate(alarm, event("x.y", "p1", TRAITS), T0);
    assertThat(fire.previous()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(fire.current()).isEqualTo(AlarmState.ALARM);
    assertThat(fire.reason())
        .isEqualTo(
            "Event <id=msg-1,event_type=x.y> hits the query <query=[{\"field\": \"traits.state\","
                + " \"op\": \"eq\", \"type\": \"string\", \"value\": \"error\"}]>.");
    assertThat(fire.reasonData()).containsEntry("type", "event").containsKey("event");
  }

  @Test
  void timeConstraintsLimitWhenItFires() {
    Alarm base = alarm("p1", EventRule.of("*", List.of()));
    // 10:00 UTC daily, for one hour; T0 is 10:00.
    TimeConstraint window = TimeConstraint.of("work", "", "0 10 * * *", 3600, "");
    TimeConstraint night = TimeConstraint.of("night", "", "0 22 * * *", 3600, "Europe/Paris");
    Event event = event("x", "p1", TRAITS);
    assertThat(EventEvaluator.evaluate(constrained(base, window), event, T0.plusSeconds(1800)))
        .isInstanceOf(Evaluation.Fire.class);
    assertThat(EventEvaluator.evaluate(constrained(base, window), event, T0.plusSeconds(3700)))
        .isEqualTo(new Evaluation.Skip("outside time constraints"));
    assertThat(EventEvaluator.evaluate(constrained(base, night), event, T0))
        .isEqualTo(new Evaluation.Skip("outside time constraints"));
  }

  private static Alarm constrained(Alarm a, TimeConstraint constraint) {
    return new Alarm(
        a.id(),
        a.name(),
        a.description(),
        a.type(),
        a.rule(),
        a.enabled(),
        a.state(),
        a.stateReason(),
        a.severity(),
        a.okActions(),
        a.alarmActions(),
        a.insufficientDataActions(),
        a.repeatActions(),
        List.of(constraint),
        a.projectId(),
        a.userId(),
        a.resourceId(),
        a.timestamp(),
        a.stateTimestamp());
  }

  private static Alarm with(
      Alarm a, Optional<String> resource, boolean enabled, boolean repeat, AlarmState state) {
    return new Alarm(
        a.id(),
        a.name(),
        a.description(),
        a.type(),
        a.rule(),
        enabled,
        state,
        a.stateReason(),
        a.severity(),
        a.okActions(),
        a.alarmActions(),
        a.insufficientDataActions(),
        repeat,
        a.timeConstraints(),
        a.projectId(),
        a.userId(),
        resource,
        a.timestamp(),
        a.stateTimestamp());
  }
}
