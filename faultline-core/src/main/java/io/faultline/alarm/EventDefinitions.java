package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns notifications into events, like Ceilometer's {@code event_definitions.yaml}: the first
 * definition whose event type pattern matches extracts the traits from the notification. Every
 * event also gets {@code service} (the publisher), {@code tenant_id} and {@code project_id} when
 * the payload names a project, {@code resource_id} when the definition finds one, and {@code
 * fault_id} when the payload carries it. A notification no definition matches still becomes an
 * event with those default traits.
 */
public final class EventDefinitions {
  private static final List<FieldPath> PROJECT_FIELDS =
      FieldPath.parseAll(
          List.of(
              "payload.tenant_id",
              "payload.project_id",
              "payload.nova_object.data.tenant_id",
              "payload.port.tenant_id",
              "payload.port.project_id"));

  private static final List<FieldPath> FAULT_ID_FIELDS =
      List.of(FieldPath.parse("payload.fault_id"));

  private final List<EventDefinition> definitions;

  public EventDefinitions(List<EventDefinition> definitions) {
    this.definitions = List.copyOf(requireNonNull(definitions, "definitions is null"));
  }

  /** The built-in definitions, after {@code first} (e.g. loaded from a file), which win. */
  public static EventDefinitions withDefaults(List<EventDefinition> first) {
    List<EventDefinition> all = new ArrayList<>(first);
    all.addAll(DefaultEventDefinitions.all());
    return new EventDefinitions(all);
  }

  public static EventDefinitions defaults() {
    return withDefaults(List.of());
  }

  public Event toEvent(Notification notification) {
    Map<String, Object> traits = new LinkedHashMap<>();
    traits.put("service", notification.publisherId());
    for (EventDefinition definition : definitions) {
      if (definition.appliesTo(notification.eventType())) {
        definition.extract(notification, traits);
        break;
      }
    }
    if (!traits.containsKey("tenant_id") && !traits.containsKey("project_id")) {
      firstValue(notification, PROJECT_FIELDS)
          .ifPresent(project -> traits.put("tenant_id", project));
    }
    Object project =
        traits.containsKey("project_id") ? traits.get("project_id") : traits.get("tenant_id");
    if (project != null) {
      traits.put("tenant_id", project.toString());
      traits.put("project_id", project.toString());
    }
    notification.cause().ifPresent(cause -> traits.put("fault_id", cause.faultId().value()));
    if (!traits.containsKey("fault_id")) {
      firstValue(notification, FAULT_ID_FIELDS)
          .ifPresent(fault -> traits.put("fault_id", fault.toString()));
    }
    return new Event(
        notification.messageId(),
        notification.eventType(),
        notification.timestamp(),
        traits,
        notification.cause());
  }

  /**
   * Reads definitions in Ceilometer's YAML layout, already parsed to lists and maps: a list of
   * {@code {event_type: pattern | [patterns], traits: {name: {fields: path | [paths], type: t}}}}.
   */
  public static List<EventDefinition> parse(Object tree) {
    if (!(tree instanceof List<?> entries)) {
      throw new IllegalArgumentException("event definitions must be a list");
    }
    List<EventDefinition> parsed = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof Map<?, ?> map) || map.get("event_type") == null) {
        throw new IllegalArgumentException("each event definition needs an event_type");
      }
      List<EventTypePattern> types =
          strings(map.get("event_type"), "event_type").stream().map(EventTypePattern::new).toList();
      Map<String, EventDefinition.TraitDefinition> traits = new LinkedHashMap<>();
      if (map.get("traits") instanceof Map<?, ?> traitMap) {
        traitMap.forEach(
            (name, spec) -> {
              if (!(spec instanceof Map<?, ?> specMap) || specMap.get("fields") == null) {
                throw new IllegalArgumentException("trait " + name + " needs fields");
              }
              Object type = specMap.get("type");
              traits.put(
                  String.valueOf(name),
                  EventDefinition.TraitDefinition.of(
                      EventDefinition.TraitType.fromConfig(type == null ? "text" : type.toString()),
                      strings(specMap.get("fields"), "trait " + name + " fields")));
            });
      } else if (map.get("traits") != null) {
        throw new IllegalArgumentException("traits of " + types + " must be a mapping");
      }
      parsed.add(new EventDefinition(types, traits));
    }
    return parsed;
  }

  private static List<String> strings(Object value, String what) {
    if (value instanceof String text) {
      return List.of(text);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    throw new IllegalArgumentException(what + " must be a string or a list of strings");
  }

  private static Optional<Object> firstValue(Notification notification, List<FieldPath> paths) {
    for (FieldPath path : paths) {
      Object value = path.in(notification);
      if (value != null && !"".equals(value)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
