package io.faultline.rabbitmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bus.Notification;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The oslo.messaging notification wire format: the inner message ({@code message_id}, {@code
 * publisher_id}, {@code event_type}, {@code priority}, {@code payload}, {@code timestamp}, {@code
 * _unique_id}) wrapped, as the {@code messagingv2} driver does, in {@code {"oslo.version": "2.0",
 * "oslo.message": "<json>"}}. Decoding also takes the un-enveloped {@code messaging} (1.0) form.
 */
public final class OsloEnvelope {
  static final String VERSION = "2.0";
  private static final String FAULT_ID = "fault_id";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  /** {@code str(datetime.utcnow())} in Python: space separator, microseconds, no zone. */
  private static final DateTimeFormatter OSLO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** The typed cause, as a field of the message; its fault id is also in the payload. */
  static final String CAUSE = "faultline_cause";

  private OsloEnvelope() {}

  /** The payload as OpenStack consumers read it: with the cause's {@code fault_id}. */
  private static Map<String, Object> payload(Notification notification) {
    if (notification.cause().isEmpty() || notification.payload().containsKey(FAULT_ID)) {
      return notification.payload();
    }
    Map<String, Object> payload = new LinkedHashMap<>(notification.payload());
    payload.put(FAULT_ID, notification.cause().get().faultId().value());
    return payload;
  }

  /** The envelope as UTF-8 JSON bytes. */
  public static byte[] encode(Notification notification) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("message_id", notification.messageId());
    inner.put("publisher_id", notification.publisherId());
    inner.put("event_type", notification.eventType());
    inner.put("priority", notification.priority().name());
    inner.put("payload", payload(notification));
    inner.put("timestamp", OSLO_TIME.format(notification.timestamp()));
    inner.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    notification
        .cause()
        .ifPresent(
            cause ->
                inner.put(
                    CAUSE,
                    Map.of("fault_id", cause.faultId().value(), "principal", cause.principal())));
    try {
      Map<String, Object> envelope = new LinkedHashMap<>();
      envelope.put("oslo.version", VERSION);
      envelope.put("oslo.message", MAPPER.writeValueAsString(inner));
      return MAPPER.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "notification " + notification.messageId() + " cannot be written as JSON", e);
    }
  }

  /**
   * Reads a notification from an AMQP body.
   *
   * @throws IllegalArgumentException naming what is wrong, when the body is not a notification
   */
  public static Notification decode(byte[] body) {
    Map<String, Object> outer = readTree(body);
    Map<String, Object> inner = outer;
    if (outer.containsKey("oslo.message")) {
      if (!(outer.get("oslo.message") instanceof String message)) {
        throw new IllegalArgumentException("oslo.message must be a JSON string");
      }
      inner = readTree(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String eventType = text(inner, "event_type");
    if (eventType == null) {
      throw new IllegalArgumentException("notification has no event_type");
    }
    String messageId = text(inner, "message_id");
    String publisher = text(inner, "publisher_id");
    String priority = text(inner, "priority");
    Object payload = inner.get("payload");
    Map<String, Object> payloadMap = new LinkedHashMap<>();
    if (payload instanceof Map<?, ?> map) {
      map.forEach((key, value) -> payloadMap.put(String.valueOf(key), value));
    } else if (payload != null) {
      payloadMap.put("value", payload);
    }
    Optional<Cause> cause = cause(inner.get(CAUSE));
    cause.ifPresent(
        present -> payloadMap.remove(FAULT_ID, present.faultId().value())); // added by encode
    return new Notification(
        messageId == null ? UUID.randomUUID().toString() : messageId,
        publisher == null ? "" : publisher,
        eventType,
        priority(priority),
        payloadMap,
        timestamp(text(inner, "timestamp")),
        cause);
  }

  private static Optional<Cause> cause(Object field) {
    if (field == null) {
      return Optional.empty();
    }
    if (!(field instanceof Map<?, ?> map)
        || !(map.get("fault_id") instanceof String faultId)
        || !(map.get("principal") instanceof String principal)) {
      throw new IllegalArgumentException(CAUSE + " must hold a fault_id and a principal");
    }
    try {
      return Optional.of(new Cause(new FaultId(faultId), principal));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(CAUSE + " is invalid: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> readTree(byte[] body) {
    try {
      Map<String, Object> tree = MAPPER.readValue(body, TREE);
      if (tree == null) {
        throw new IllegalArgumentException("message body is not a JSON object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "message body is not a JSON object: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("message body cannot be read: " + e.getMessage(), e);
    }
  }

  private static String text(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  private static Notification.Priority priority(String wire) {
    if (wire == null) {
      return Notification.Priority.INFO;
    }
    try {
      return Notification.Priority.fromWire(wire);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown notification priority: " + wire, e);
    }
  }

  /** oslo's {@code str(datetime)}, with or without microseconds, or ISO-8601 with a zone. */
  static Instant timestamp(String wire) {
    if (wire == null || wire.isBlank()) {
      return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
    String iso = wire.trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException zoned) {
      try {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException local) {
        throw new IllegalArgumentException("unreadable notification timestamp: " + wire, local);
      }
    }
  }
}
