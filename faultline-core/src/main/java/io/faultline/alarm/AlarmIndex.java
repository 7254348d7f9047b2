package io.faultline.alarm;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every enabled event alarm, in memory, by (project, resource) and then by event type: an event
 * finds its candidate alarms with a few hash lookups and no database read. Exact event types are
 * looked up by hash; wildcard patterns are scanned, but only those of the event's project (and
 * resource). Kept in step with the store by {@link AlarmService} and the evaluator, which update it
 * after each commit, so a change is seen by the very next event.
 */
public final class AlarmIndex {
  private final Map<AlarmId, Alarm> byId = new ConcurrentHashMap<>();
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    final Map<String, Map<AlarmId, Alarm>> exact = new ConcurrentHashMap<>();
    final Map<AlarmId, Alarm> wildcard = new ConcurrentHashMap<>();
  }

  /** Adds or replaces the alarm; disabled alarms are removed, since they never fire. */
  public void put(Alarm alarm) {
    requireNonNull(alarm, "alarm is null");
    remove(alarm.id());
    if (!alarm.enabled()) {
      return;
    }
    byId.put(alarm.id(), alarm);
    Bucket bucket = buckets.computeIfAbsent(key(alarm), ignored -> new Bucket());
    EventTypePattern pattern = alarm.rule().eventType();
    if (pattern.exact()) {
      bucket
          .exact
          .computeIfAbsent(pattern.glob(), ignored -> new ConcurrentHashMap<>())
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
    Bucket bucket = buckets.get(key(old));
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

  public Optional<Alarm> get(AlarmId id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return byId.size();
  }

  /** Alarms that may match the event: same project, same or no resource, matching event type. */
  public List<Alarm> candidates(Event event) {
    List<Alarm> found = new ArrayList<>(4);
    String project = event.projectId();
    collect(buckets.get(key(project, null)), event, found);
    for (String resource : event.resourceIds()) {
      collect(buckets.get(key(project, resource)), event, found);
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
    for (Alarm alarm : bucket.wildcard.values()) {
      if (alarm.rule().eventType().matches(event.eventType())) {
        found.add(alarm);
      }
    }
  }

  private static String key(Alarm alarm) {
    return key(alarm.projectId(), alarm.resourceId().orElse(null));
  }

  private static String key(String project, String resource) {
    return resource == null ? project : project + '\u0000' + resource;
  }
}
