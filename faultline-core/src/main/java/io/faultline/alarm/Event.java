package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A notification turned into an event: its type and the traits extracted by an event definition.
 * Trait values are String, Long, Double, Boolean or Instant. The notification's typed cause, when a
 * fault caused it, travels along.
 */
public record Event(
    String messageId,
    String eventType,
    Instant generated,
    Map<String, Object> traits,
    Optional<Cause> cause) {
  public Event {
    requireNonNull(messageId, "messageId is null");
    requireNonNull(eventType, "eventType is null");
    requireNonNull(generated, "generated is null");
    requireNonNull(cause, "cause is null");
    traits = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(traits, "traits")));
  }

  /** An event no fault caused (as far as its notification says). */
  public Event(String messageId, String eventType, Instant generated, Map<String, Object> traits) {
    this(messageId, eventType, generated, traits, Optional.empty());
  }

  /** The owning project (trait {@code project_id}, else {@code tenant_id}); "" when unknown. */
  public String projectId() {
    Object project = traits.get("project_id");
    if (project == null) {
      project = traits.get("tenant_id");
    }
    return project == null ? "" : project.toString();
  }

  /** The resources the event is about: traits resource_id, instance_id and port_id. */
  public List<String> resourceIds() {
    List<String> ids = new ArrayList<>(3);
    for (String name : RESOURCE_TRAITS) {
      Object value = traits.get(name);
      if (value != null && !ids.contains(value.toString())) {
        ids.add(value.toString());
      }
    }
    return ids;
  }

  /** The trait names that name the resource an event is about. */
  public static final List<String> RESOURCE_TRAITS =
      List.of("resource_id", "instance_id", "port_id");

  /** Whether one of the resource traits names {@code resource} (no allocation: hot path). */
  public boolean isAbout(String resource) {
    for (int i = 0; i < RESOURCE_TRAITS.size(); i++) {
      Object value = traits.get(RESOURCE_TRAITS.get(i));
      if (value != null && resource.equals(value.toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The fault that caused the event: the typed cause, else the {@code fault_id} trait of a
   * notification that crossed a wire without one.
   */
  public Optional<FaultId> faultId() {
    if (cause.isPresent()) {
      return Optional.of(cause.get().faultId());
    }
    Object trait = traits.get("fault_id");
    return trait == null || trait.toString().isBlank()
        ? Optional.empty()
        : Optional.of(new FaultId(trait.toString()));
  }

  /** The event as Aodh puts it in {@code reason_data}: traits as [name, dtype, value] triples. */
  public Map<String, Object> toAodh() {
    List<List<Object>> triples = new ArrayList<>(traits.size());
    traits.forEach((name, value) -> triples.add(List.of(name, dtype(value), wire(value))));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("message_id", messageId);
    event.put("event_type", eventType);
    event.put("generated", generated.toString());
    event.put("traits", triples);
    event.put("raw", Map.of());
    return event;
  }

  private static int dtype(Object value) {
    if (value instanceof Long) {
      return 2;
    }
    if (value instanceof Double) {
      return 3;
    }
    if (value instanceof Instant) {
      return 4;
    }
    return 1;
  }

  private static Object wire(Object value) {
    return value instanceof Instant || value instanceof Boolean ? value.toString() : value;
  }
}
