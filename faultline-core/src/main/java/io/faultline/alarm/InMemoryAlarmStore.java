package io.faultline.alarm;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryId;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.cause.FaultId;
import io.faultline.tx.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alarm store in memory: the test fake and a store for a process that keeps nothing. Not
 * transactional (writes are immediate); synchronized so it is safe to share.
 */
public final class InMemoryAlarmStore implements AlarmStore {
  private final Map<AlarmId, Alarm> alarms = new LinkedHashMap<>();
  private final List<AlarmChange> history = new ArrayList<>();
  private final Map<DeliveryId, Delivery> deliveries = new LinkedHashMap<>();
  private final List<Logged> changes = new ArrayList<>();
  private long changeSequence;
  private final Map<AlarmId, Long> positions = new LinkedHashMap<>();
  private long lastPosition;

  private record Logged(ChangeMark mark, java.time.Instant at) {}

  private void logChange(AlarmId id) {
    changes.add(new Logged(new ChangeMark(++changeSequence, id), java.time.Instant.now()));
  }

  @Override
  public synchronized List<ChangeMark> changesAfter(Transaction tx, long sequence, int limit) {
    return changes.stream()
        .map(Logged::mark)
        .filter(mark -> mark.sequence() > sequence)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized long changeSequence(Transaction tx) {
    return changeSequence;
  }

  @Override
  public synchronized int purgeChangesBefore(Transaction tx, java.time.Instant cutoff, int batch) {
    int purged = 0;
    while (purged < batch && changes.size() > 1 && changes.get(0).at().isBefore(cutoff)) {
      changes.remove(0);
      purged++;
    }
    return purged;
  }

  @Override
  public synchronized void insert(Transaction tx, Alarm alarm) {
    if (alarms.putIfAbsent(alarm.id(), alarm) != null) {
      throw new IllegalStateException("alarm exists: " + alarm.id());
    }
    positions.put(alarm.id(), ++lastPosition);
    logChange(alarm.id());
  }

  @Override
  public synchronized void insertAll(Transaction tx, List<Alarm> inserted) {
    inserted.forEach(alarm -> insert(tx, alarm));
  }

  @Override
  public synchronized void update(Transaction tx, Alarm alarm) {
    if (alarms.replace(alarm.id(), alarm) != null) {
      logChange(alarm.id());
    }
  }

  @Override
  public synchronized void updateStates(Transaction tx, List<Alarm> changed) {
    for (Alarm alarm : changed) {
      alarms.computeIfPresent(
          alarm.id(),
          (id, old) -> old.withState(alarm.state(), alarm.stateReason(), alarm.stateTimestamp()));
    }
  }

  @Override
  public synchronized boolean[] updateStatesFrom(
      Transaction tx, List<Alarm> expected, List<Alarm> changed) {
    boolean[] saved = new boolean[changed.size()];
    for (int i = 0; i < changed.size(); i++) {
      Alarm alarm = changed.get(i);
      Alarm old = alarms.get(alarm.id());
      if (old != null && old.state() == expected.get(i).state()) {
        alarms.put(
            alarm.id(), old.withState(alarm.state(), alarm.stateReason(), alarm.stateTimestamp()));
        saved[i] = true;
      }
    }
    return saved;
  }

  @Override
  public synchronized void delete(Transaction tx, AlarmId id) {
    if (alarms.remove(id) != null) {
      positions.remove(id);
      logChange(id);
    }
  }

  @Override
  public synchronized Optional<Alarm> find(Transaction tx, AlarmId id) {
    return Optional.ofNullable(alarms.get(id));
  }

  @Override
  public synchronized List<Alarm> list(Transaction tx, Optional<String> projectId) {
    return alarms.values().stream()
        .filter(alarm -> projectId.map(alarm.projectId()::equals).orElse(true))
        .toList();
  }

  @Override
  public synchronized List<Alarm> page(
      Transaction tx, Optional<String> projectId, Optional<Alarm> after, int count) {
    java.util.Comparator<Alarm> order =
        java.util.Comparator.comparing(Alarm::timestamp)
            .reversed()
            .thenComparing(alarm -> alarm.id().value());
    return list(tx, projectId).stream()
        .sorted(order)
        .filter(alarm -> after.map(a -> order.compare(alarm, a) > 0).orElse(true))
        .limit(Math.max(0, count))
        .toList();
  }

  @Override
  public synchronized Optional<Positions> positions(Transaction tx) {
    if (positions.isEmpty()) {
      return Optional.empty();
    }
    long first = positions.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long last = positions.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    return Optional.of(new Positions(first, last));
  }

  @Override
  public synchronized List<Positioned> pageByPosition(
      Transaction tx, long after, long upTo, int count) {
    return positions.entrySet().stream()
        .filter(entry -> entry.getValue() > after && entry.getValue() <= upTo)
        .sorted(Map.Entry.comparingByValue())
        .limit(Math.max(0, count))
        .map(entry -> new Positioned(entry.getValue(), alarms.get(entry.getKey())))
        .toList();
  }

  @Override
  public synchronized void appendHistory(Transaction tx, List<AlarmChange> changes) {
    history.addAll(changes);
  }

  @Override
  public synchronized List<AlarmChange> history(
      Transaction tx, Optional<AlarmId> alarmId, Optional<String> projectId, int limit) {
    return history.stream()
        .filter(change -> alarmId.map(change.alarmId()::equals).orElse(true))
        .filter(change -> projectId.map(change.onBehalfOf()::equals).orElse(true))
        .sorted(Comparator.comparing(AlarmChange::timestamp).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void insertDeliveries(Transaction tx, List<Delivery> toInsert) {
    toInsert.forEach(delivery -> deliveries.putIfAbsent(delivery.id(), delivery));
  }

  @Override
  public synchronized void updateDeliveries(Transaction tx, List<Delivery> toUpdate) {
    toUpdate.forEach(delivery -> deliveries.replace(delivery.id(), delivery));
  }

  @Override
  public synchronized List<Delivery> pendingDeliveries(Transaction tx) {
    return deliveries.values().stream()
        .filter(delivery -> delivery.status() == DeliveryStatus.PENDING)
        .toList();
  }

  @Override
  public synchronized List<Delivery> listDeliveries(Transaction tx, DeliveryQuery query) {
    return deliveries.values().stream()
        .filter(
            delivery ->
                query.faultId().isEmpty()
                    || query.faultId().equals(delivery.faultId().map(FaultId::value)))
        .filter(delivery -> query.alarmId().map(delivery.alarmId()::equals).orElse(true))
        .filter(delivery -> query.projectId().map(delivery.projectId()::equals).orElse(true))
        .sorted(Comparator.comparing(Delivery::createdAt).reversed())
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized Optional<Delivery> findDelivery(Transaction tx, DeliveryId id) {
    return Optional.ofNullable(deliveries.get(id));
  }

  @Override
  public synchronized int purgeHistoryBefore(Transaction tx, java.time.Instant cutoff, int batch) {
    List<AlarmChange> old =
        history.stream()
            .filter(change -> change.timestamp().isBefore(cutoff))
            .sorted(Comparator.comparing(AlarmChange::timestamp))
            .limit(batch)
            .toList();
    history.removeAll(old);
    return old.size();
  }

  @Override
  public synchronized int purgeDeliveriesBefore(
      Transaction tx, java.time.Instant cutoff, int batch) {
    List<DeliveryId> old =
        deliveries.values().stream()
            .filter(delivery -> delivery.status().isFinal())
            .filter(delivery -> delivery.createdAt().isBefore(cutoff))
            .sorted(Comparator.comparing(Delivery::createdAt))
            .limit(batch)
            .map(Delivery::id)
            .toList();
    old.forEach(deliveries::remove);
    return old.size();
  }
}
