package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An alarm as Aodh's JSON document. History entries embed it (the {@code creation} detail is the
 * full alarm) and the Aodh API shows it, so both use this one spelling. Every key is always present
 * (absent values are {@code null}), except the rule: it sits under {@code event_rule} or {@code
 * notification_rule}, whichever spelling of the type the alarm was created with.
 */
public record AlarmDocument(
    @JsonProperty("alarm_id") String alarmId,
    String name,
    String description,
    String type,
    @JsonProperty("event_rule") @JsonInclude(Include.NON_NULL) Rule eventRule,
    @JsonProperty("notification_rule") @JsonInclude(Include.NON_NULL) Rule notificationRule,
    boolean enabled,
    String state,
    @JsonProperty("state_reason") String stateReason,
    String severity,
    @JsonProperty("ok_actions") List<String> okActions,
    @JsonProperty("alarm_actions") List<String> alarmActions,
    @JsonProperty("insufficient_data_actions") List<String> insufficientDataActions,
    @JsonProperty("repeat_actions") boolean repeatActions,
    @JsonProperty("time_constraints") List<Constraint> timeConstraints,
    @JsonProperty("project_id") String projectId,
    @JsonProperty("user_id") String userId,
    @JsonProperty("resource_id") String resourceId,
    String timestamp,
    @JsonProperty("state_timestamp") String stateTimestamp) {
  public AlarmDocument {
    requireNonNull(alarmId, "alarmId is null");
    if ((eventRule == null) == (notificationRule == null)) {
      throw new IllegalArgumentException("exactly one of eventRule and notificationRule is set");
    }
    okActions = List.copyOf(okActions);
    alarmActions = List.copyOf(alarmActions);
    insufficientDataActions = List.copyOf(insufficientDataActions);
    timeConstraints = List.copyOf(timeConstraints);
  }

  public static AlarmDocument from(Alarm alarm) {
    Rule rule = Rule.from(alarm.rule());
    return new AlarmDocument(
        alarm.id().value(),
        alarm.name(),
        alarm.description(),
        alarm.type().wireName(),
        switch (alarm.type()) {
          case EVENT -> rule;
          case NOTIFICATION -> null;
        },
        switch (alarm.type()) {
          case EVENT -> null;
          case NOTIFICATION -> rule;
        },
        alarm.enabled(),
        alarm.state().wireName(),
        alarm.stateReason(),
        alarm.severity().wireName(),
        alarm.okActions(),
        alarm.alarmActions(),
        alarm.insufficientDataActions(),
        alarm.repeatActions(),
        Constraint.from(alarm.timeConstraints()),
        alarm.projectId(),
        alarm.userId(),
        alarm.resourceId().orElse(null),
        time(alarm.timestamp()),
        time(alarm.stateTimestamp()));
  }

  /** Aodh's timestamps: ISO 8601, UTC, no zone, fraction only when non-zero. */
  public static String time(Instant instant) {
    return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
        LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  /** An event rule: the event type glob and the query terms on its traits. */
  public record Rule(@JsonProperty("event_type") String eventType, List<Term> query) {
    public Rule {
      requireNonNull(eventType, "eventType is null");
      query = List.copyOf(query);
    }

    public static Rule from(EventRule rule) {
      return new Rule(rule.eventType().glob(), rule.query().stream().map(Term::from).toList());
    }
  }

  /** One query term as written: the value is the string given, its type named beside it. */
  public record Term(String field, String op, String type, String value) {
    public Term {
      requireNonNull(field, "field is null");
      requireNonNull(op, "op is null");
      requireNonNull(type, "type is null");
      requireNonNull(value, "value is null");
    }

    static Term from(QueryTerm term) {
      return new Term(term.field(), term.op().wireName(), term.type().wireName(), term.value());
    }
  }

  /** A time constraint; {@code duration} is a number of seconds, as Aodh shows it. */
  public record Constraint(
      String name, String description, String start, long duration, String timezone) {
    public static List<Constraint> from(List<TimeConstraint> constraints) {
      return constraints.stream()
          .map(
              constraint ->
                  new Constraint(
                      constraint.name(),
                      constraint.description(),
                      constraint.start(),
                      constraint.duration(),
                      constraint.timezone()))
          .toList();
    }
  }
}
