package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.Cause;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A notification in the OpenStack shape: what oslo.messaging carries as {@code message_id}, {@code
 * publisher_id}, {@code event_type}, {@code priority}, {@code payload} and {@code timestamp}. The
 * payload is an immutable JSON-like tree (maps, lists, strings, numbers, booleans, nulls). The
 * {@code cause}, when a fault caused it, is typed and kept out of the payload: an adapter writes it
 * on the wire (the payload's {@code fault_id}, a webhook's {@code X-Faultline-Fault-Id}).
 */
public record Notification(
    String messageId,
    String publisherId,
    String eventType,
    Priority priority,
    Map<String, Object> payload,
    Instant timestamp,
    Optional<Cause> cause) {

  /** oslo.messaging priorities, lower-cased on the wire. */
  public enum Priority {
    AUDIT,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    CRITICAL,
    SAMPLE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Priority fromWire(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Notification {
    requireNonNull(messageId, "messageId is null");
    requireNonNull(publisherId, "publisherId is null");
    requireNonNull(eventType, "eventType is null");
    requireNonNull(priority, "priority is null");
    requireNonNull(timestamp, "timestamp is null");
    requireNonNull(cause, "cause is null");
    payload = JsonTree.immutableCopy(requireNonNull(payload, "payload is null"));
  }

  /** A notification no fault caused. */
  public Notification(
      String messageId,
      String publisherId,
      String eventType,
      Priority priority,
      Map<String, Object> payload,
      Instant timestamp) {
    this(messageId, publisherId, eventType, priority, payload, timestamp, Optional.empty());
  }

  /** The same notification, caused by {@code cause}; the payload is shared, not copied. */
  public Notification causedBy(Cause cause) {
    return new Notification(
        messageId, publisherId, eventType, priority, payload, timestamp, Optional.of(cause));
  }

  /** A new INFO notification with a fresh message id. */
  public static Notification info(
      String publisherId, String eventType, Map<String, Object> payload, Instant timestamp) {
    return new Notification(
        UUID.randomUUID().toString(), publisherId, eventType, Priority.INFO, payload, timestamp);
  }
}
