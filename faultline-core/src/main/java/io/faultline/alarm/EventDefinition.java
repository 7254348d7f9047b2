package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the event definitions: the event types it covers (shell wildcards) and how to
 * extract each trait (the first of its field paths present in the notification, converted to its
 * type). Paths are dotted: {@code payload.instance_id}, {@code payload.nova_object.data.uuid},
 * {@code publisher_id}.
 */
public record EventDefinition(
    List<EventTypePattern> eventTypes, Map<String, TraitDefinition> traits) {
  public EventDefinition {
    eventTypes = List.copyOf(requireNonNull(eventTypes, "eventTypes is null"));
    traits = Map.copyOf(requireNonNull(traits, "traits is null"));
  }

  /** How one trait is found (the first of its paths present) and typed. */
  public record TraitDefinition(List<FieldPath> paths, TraitType type) {
    public TraitDefinition {
      paths = List.copyOf(requireNonNull(paths, "paths is null"));
      requireNonNull(type, "type is null");
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("a trait needs at least one field path");
      }
    }

    public static TraitDefinition of(TraitType type, List<String> fields) {
      return new TraitDefinition(FieldPath.parseAll(fields), type);
    }

    public static TraitDefinition of(TraitType type, String... fields) {
      return of(type, List.of(fields));
    }
  }

  /** Ceilometer's trait types, plus boolean. */
  public enum TraitType {
    TEXT,
    INT,
    FLOAT,
    DATETIME,
    BOOLEAN;

    public static TraitType fromConfig(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "text", "string" -> TEXT;
        case "int", "integer" -> INT;
        case "float" -> FLOAT;
        case "datetime" -> DATETIME;
        case "boolean", "bool" -> BOOLEAN;
        default ->
            throw new IllegalArgumentException(
                "unknown trait type '" + name + "' (text, int, float, datetime, boolean)");
      };
    }

    ValueType valueType() {
      return switch (this) {
        case TEXT -> ValueType.STRING;
        case INT -> ValueType.INTEGER;
        case FLOAT -> ValueType.FLOAT;
        case DATETIME -> ValueType.DATETIME;
        case BOOLEAN -> ValueType.BOOLEAN;
      };
    }
  }

  public boolean appliesTo(String eventType) {
    for (EventTypePattern pattern : eventTypes) {
      if (pattern.matches(eventType)) {
        return true;
      }
    }
    return false;
  }

  void extract(Notification notification, Map<String, Object> into) {
    traits.forEach(
        (name, definition) -> {
          for (FieldPath path : definition.paths()) {
            Object value = path.in(notification);
            if (value == null || "".equals(value)) {
              continue;
            }
            if (value instanceof Map || value instanceof List) {
              continue; // traits are scalars
            }
            definition.type().valueType().convert(value).ifPresent(typed -> into.put(name, typed));
            break;
          }
        });
  }
}
