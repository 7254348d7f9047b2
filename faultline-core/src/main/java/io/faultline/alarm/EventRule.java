package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An event alarm's condition: the event type pattern and the terms (ANDed) its traits must meet.
 */
public record EventRule(EventTypePattern eventType, List<QueryTerm> query) {
  public EventRule {
    requireNonNull(eventType, "eventType is null");
    query = List.copyOf(requireNonNull(query, "query is null"));
  }

  public static EventRule of(String eventType, List<QueryTerm> query) {
    return new EventRule(new EventTypePattern(eventType == null ? "*" : eventType), query);
  }

  /** The event type and every term hold (the project and resource are checked by the caller). */
  public boolean matches(Event event) {
    if (!eventType.matches(event.eventType())) {
      return false;
    }
    for (QueryTerm term : query) {
      if (!term.test(event)) {
        return false;
      }
    }
    return true;
  }
}
