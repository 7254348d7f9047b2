package io.faultline.server.config;

import io.faultline.alarm.notify.ActionTargets;
import java.time.Duration;
import java.util.List;

/**
 * {@code alarm.*}.
 *
 * @param event {@code alarm.event.*}: {@code require-resource-id} (false) refuses event alarms
 *     without {@code resource_id} (the seed's option); {@code definitions-file} is a Ceilometer
 *     style event definitions YAML whose entries win over the built-in ones
 * @param notifier {@code alarm.notifier.*}: {@code max-attempts} (8), {@code initial-backoff}
 *     (PT0.5S), {@code max-backoff} (PT1M), {@code timeout} per attempt (PT10S), {@code
 *     max-in-flight} deliveries at once per receiver (64), {@code max-connections} keep-alive
 *     connections to a receiver that keeps them open (16; one that closes each connection gets at
 *     most 4 at once, small enough for a listen backlog of 5)
 * @param maxActions most actions per state list ({@code alarm.max-actions}, -1 = unlimited)
 * @param allowedActionTargets where webhook actions may point ({@code
 *     alarm.allowed-action-targets}): networks ({@code 10.0.0.0/8}) and host patterns ({@code
 *     *.example.org}); empty (the default) allows any, as Aodh does
 */
public record AlarmConfig(
    Event event, Notifier notifier, Integer maxActions, List<String> allowedActionTargets) {
  public AlarmConfig(Event event, Notifier notifier, Integer maxActions) {
    this(event, notifier, maxActions, null);
  }

  public AlarmConfig {
    event = event == null ? new Event(null, null) : event;
    notifier = notifier == null ? new Notifier(null, null, null, null, null) : notifier;
    maxActions = maxActions == null ? -1 : maxActions;
    if (maxActions < -1) {
      throw new IllegalArgumentException("alarm.max-actions must be -1 (unlimited) or more");
    }
    allowedActionTargets =
        allowedActionTargets == null ? List.of() : List.copyOf(allowedActionTargets);
    ActionTargets.of(allowedActionTargets); // an invalid entry fails start, naming the key
  }

  /** The allowed action targets, parsed. */
  public ActionTargets actionTargets() {
    return ActionTargets.of(allowedActionTargets);
  }

  /** {@code alarm.event.*}. */
  public record Event(Boolean requireResourceId, String definitionsFile) {
    public Event {
      requireResourceId = requireResourceId != null && requireResourceId;
    }
  }

  /** {@code alarm.notifier.*}. */
  public record Notifier(
      Integer maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration timeout,
      Integer maxInFlight,
      Integer maxConnections) {
    public Notifier(
        Integer maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration timeout,
        Integer maxInFlight) {
      this(maxAttempts, initialBackoff, maxBackoff, timeout, maxInFlight, null);
    }

    public Notifier {
      maxAttempts = maxAttempts == null ? 8 : maxAttempts;
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("alarm.notifier.max-attempts must be positive");
      }
      initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
      maxBackoff = maxBackoff == null ? Duration.ofMinutes(1) : maxBackoff;
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "alarm.notifier.initial-backoff must be >= 0 and <= alarm.notifier.max-backoff");
      }
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("alarm.notifier.timeout must be positive");
      }
      maxInFlight = maxInFlight == null ? 64 : maxInFlight;
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("alarm.notifier.max-in-flight must be positive");
      }
      maxConnections = maxConnections == null ? 16 : maxConnections;
      if (maxConnections < 1) {
        throw new IllegalArgumentException("alarm.notifier.max-connections must be positive");
      }
    }
  }

  public static AlarmConfig defaults() {
    return new AlarmConfig(null, null, null, null);
  }
}
