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
   * actions}.
   */
  record Fire(
      AlarmState previous,
      AlarmState current,
      String reason,
      Map<String, Object> reasonData,
      List<String> actions)
      implements Evaluation {
    public Fire {
      requireNonNull(previous, "previous is null");
      requireNonNull(current, "current is null");
      requireNonNull(reason, "reason is null");
      reasonData = Map.copyOf(reasonData);
      actions = List.copyOf(actions);
    }

    public boolean transition() {
      return previous != current;
    }
  }
}
