package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every enabled event alarm, in memory, by project, then resource, then event type: an event finds
 * its candidate alarms with a few hash lookups and no database read. Exact event types are looked
 * up by hash; wildcard patterns are scanned, but only those of the event's project (and resource).
 * An alarm is only ever found by events of its own project. Kept in step with the store by {@link
 * AlarmService} and the evaluator, which update it after each commit, so a change is seen by the
 * very next event.
 */
public final class AlarmIndex {
  private final Map<AlarmId, Alarm> byId = new ConcurrentHashMap<>();
  private final Map<String, Project> projects = new ConcurrentHashMap<>();

  /** One project's alarms: those on no particular resource, and those on each resource. */
  private static final class Project {
    final Bucket projectWide = new Bucket();
    final Map<String, Bucket> byResource = new ConcurrentHashMap<>();
  }

  /** Alarms of one (project, resource): by exact event type, and those with wildcards. */
  private static final class Bucket {
    final Map<String, Map<AlarmId, Alarm>> exact = new ConcurrentHashMap<>(2);
    final Map<AlarmId, Alarm> wildcard = new ConcurrentHashMap<>(2);
  }

  /** Adds or replaces the alarm; disabled alarms are removed, since they never fire. */
  public void put(Alarm alarm) {
    requireNonNull(alarm, "alarm is null");
    remove(alarm.id());
    if (!alarm.enabled()) {
      return;
    }
    byId.put(alarm.id(), alarm);
    Project project = projects.computeIfAbsent(alarm.projectId(), ignored -> new Project());
    Optional<String> resource = filedUnder(alarm);
    Bucket bucket =
        resource.isEmpty()
            ? project.projectWide
            : project.byResource.computeIfAbsent(resource.get(), ignored -> new Bucket());
    EventTypePattern pattern = alarm.rule().eventType();
    if (pattern.exact()) {
      bucket
          .exact
          .computeIfAbsent(pattern.glob(), ignored -> new ConcurrentHashMap<>(2))
          .put(alarm.id(), alarm);
    } else {
      bucket.wildcard.put(alarm.id(), alarm);
    }
  }

  public void remove(AlarmId id) {
    Alarm old = byId.remove(id);
    if (old == null) {
      return;
    }
    Project project = projects.get(old.projectId());
    if (project == null) {
      return;
    }
    Optional<String> resource = filedUnder(old);
    Bucket bucket =
        resource.isEmpty() ? project.projectWide : project.byResource.get(resource.get());
    if (bucket == null) {
      return;
    }
    EventTypePattern pattern = old.rule().eventType();
    if (pattern.exact()) {
      Map<AlarmId, Alarm> alarms = bucket.exact.get(pattern.glob());
      if (alarms != null) {
        alarms.remove(id);
      }
    } else {
      bucket.wildcard.remove(id);
    }
  }

  /**
   * The resource an alarm is filed under: its {@code resource_id}, else the value of a string
   * {@code eq} term on a resource trait ({@code traits.instance_id eq X}, as Aodh users write
   * alarms on one instance). Such a term matches only events whose trait is X, and an event is
   * looked up under each of its resource traits, so the alarm is still found by every event it can
   * match, while an event no longer scans every alarm of its project.
   */
  private static Optional<String> filedUnder(Alarm alarm) {
    if (alarm.resourceId().isPresent()) {
      return alarm.resourceId();
    }
    for (QueryTerm term : alarm.rule().query()) {
      if (term.op() == QueryOp.EQ
          && (term.type() == ValueType.STRING || term.type() == ValueType.UNSPECIFIED)
          && term.traitName() != null
          && Event.RESOURCE_TRAITS.contains(term.traitName())) {
        return Optional.of(term.value());
      }
    }
    return Optional.empty();
  }

  public Optional<Alarm> get(AlarmId id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The ids of every alarm held, as of now. */
  public java.util.Set<AlarmId> ids() {
    return java.util.Set.copyOf(byId.keySet());
  }

  public int size() {
    return byId.size();
  }

  /**
   * Alarms that may match the event: same project, filed under no resource or under one the event
   * is about, matching event type.
   */
  public List<Alarm> candidates(Event event) {
    Project project = projects.get(event.projectId());
    if (project == null) {
      return List.of();
    }
    List<Alarm> found = new ArrayList<>(4);
    collect(project.projectWide, event, found);
    // Each resource once, though an event may name it in several traits (a port's event names the
    // port as resource_id and port_id, with its instance between them): no alarm twice.
    List<String> resources = event.resourceIds();
    for (int i = 0; i < resources.size(); i++) {
      collect(project.byResource.get(resources.get(i)), event, found);
    }
    return found;
  }

  private static void collect(Bucket bucket, Event event, List<Alarm> found) {
    if (bucket == null) {
      return;
    }
    Map<AlarmId, Alarm> exact = bucket.exact.get(event.eventType());
    if (exact != null) {
      found.addAll(exact.values());
    }
    if (bucket.wildcard.isEmpty()) {
      return;
    }
    for (Alarm alarm : bucket.wildcard.values()) {
      if (alarm.rule().eventType().matches(event.eventType())) {
        found.add(alarm);
      }
    }
  }
}
