package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** What the event evaluator decided for one alarm and one event; applying it is separate. */
public sealed interface Evaluation {
  /** The alarm does not fire; {@code why} is for logs and tests. */
  record Skip(String why) implements Evaluation {
    public Skip {
      requireNonNull(why, "why is null");
    }
  }

  /**
   * The alarm fires: it goes (or stays, with repeat_actions) in {@code current} and calls {@code
   * actions}. The reason and its data are derived on demand: most decisions are never applied
   * (another event won the race), so they cost nothing until used.
   */
  record Fire(
      AlarmState previous, AlarmState current, List<String> actions, Alarm alarm, Event event)
      implements Evaluation {
    public Fire {
      requireNonNull(previous, "previous is null");
      requireNonNull(current, "current is null");
      actions = List.copyOf(actions);
      requireNonNull(alarm, "alarm is null");
      requireNonNull(event, "event is null");
    }

    public boolean transition() {
      return previous != current;
    }

    /** Aodh's wording: {@code Event <id=…,event_type=…> hits the query <query=[…]>.} */
    public String reason() {
      return EventEvaluator.reason(alarm, event);
    }

    /** Aodh's {@code reason_data}: the type and the whole event. */
    public Map<String, Object> reasonData() {
      return Map.of("type", "event", "event", event.toAodh());
    }
  }
}
