package io.faultline.alarm;

import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Decides whether an event fires an alarm, as Aodh's event evaluator does, plus project and
 * resource scoping and time constraints. Pure: no I/O, no clock, no state.
 */
public final class EventEvaluator {
  private EventEvaluator() {}

  public static Evaluation evaluate(Alarm alarm, Event event, Instant now) {
    if (!alarm.enabled()) {
      return new Evaluation.Skip("disabled");
    }
    if (!alarm.projectId().equals(event.projectId())) {
      return new Evaluation.Skip("other project");
    }
    if (alarm.resourceId().isPresent() && !event.isAbout(alarm.resourceId().get())) {
      return new Evaluation.Skip("other resource");
    }
    if (alarm.state() == AlarmState.ALARM && !alarm.repeatActions()) {
      return new Evaluation.Skip("already in alarm, no repeat_actions");
    }
    if (!alarm.rule().matches(event)) {
      return new Evaluation.Skip("rule does not match");
    }
    if (!alarm.timeConstraints().isEmpty()
        && alarm.timeConstraints().stream().noneMatch(constraint -> constraint.active(now))) {
      return new Evaluation.Skip("outside time constraints");
    }
    return new Evaluation.Fire(
        alarm.state(), AlarmState.ALARM, alarm.actionsFor(AlarmState.ALARM), alarm, event);
  }

  /** Aodh's wording: {@code Event <id=…,event_type=…> hits the query <query=[…]>.} */
  static String reason(Alarm alarm, Event event) {
    String query =
        alarm.rule().query().stream()
            .map(
                term ->
                    "{\"field\": \""
                        + term.field()
                        + "\", \"op\": \""
                        + term.op().wireName()
                        + "\", \"type\": \""
                        + term.type().wireName()
                        + "\", \"value\": \""
                        + term.value()
                        + "\"}")
            .collect(Collectors.joining(", ", "[", "]"));
    return "Event <id="
        + event.messageId()
        + ",event_type="
        + event.eventType()
        + "> hits the query <query="
        + query
        + ">.";
  }
}
