package io.faultline.alarm;

import io.faultline.alarm.notify.Delivery;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Optional;

/** Durable alarms, their history, and action deliveries not yet finished. */
public interface AlarmStore {
  void insert(Transaction tx, Alarm alarm);

  /** Inserts every alarm, as {@link #insert} would one by one, in as few statements as it can. */
  void insertAll(Transaction tx, List<Alarm> alarms);

  /** Replaces every field of an existing alarm. */
  void update(Transaction tx, Alarm alarm);

  /** Saves only the state, state reason and state timestamp of each alarm (in one batch). */
  void updateStates(Transaction tx, List<Alarm> alarms);

  /**
   * Saves the state of each of {@code alarms} only where the stored state is still that of the
   * matching {@code expected} alarm (compare and set: two nodes that decided a transition of one
   * alarm from the same state make one of them); returns, per alarm, whether it was saved.
   */
  boolean[] updateStatesFrom(Transaction tx, List<Alarm> expected, List<Alarm> alarms);

  void delete(Transaction tx, AlarmId id);

  Optional<Alarm> find(Transaction tx, AlarmId id);

  /** Alarms of one project, or of all projects when {@code projectId} is empty. */
  List<Alarm> list(Transaction tx, Optional<String> projectId);

  /**
   * Part of that list in Aodh's order (last changed first, then by id): at most {@code count}
   * alarms that come after {@code after} in that order.
   */
  List<Alarm> page(Transaction tx, Optional<String> projectId, Optional<Alarm> after, int count);

  /**
   * The positions of the first and the last alarm in the order they were stored; empty when there
   * is none. Every alarm has a position, unique and never changed.
   */
  Optional<Positions> positions(Transaction tx);

  /**
   * At most {@code count} alarms whose positions are after {@code after} and at most {@code upTo},
   * in the order of their positions. A walk page by page reads every alarm of a range of positions
   * with short queries, in the order the alarms lie in the store (to fill the index at start).
   */
  List<Positioned> pageByPosition(Transaction tx, long after, long upTo, int count);

  /** The first and last positions of stored alarms. */
  record Positions(long first, long last) {}

  /** An alarm and its position in the order alarms were stored. */
  record Positioned(long position, Alarm alarm) {}

  void appendHistory(Transaction tx, List<AlarmChange> changes);

  /** History, newest first: of one alarm when given, of one project when given, at most limit. */
  List<AlarmChange> history(
      Transaction tx, Optional<AlarmId> alarmId, Optional<String> projectId, int limit);

  /** Inserts the deliveries; one whose id is already stored is kept as it is. */
  void insertDeliveries(Transaction tx, List<Delivery> deliveries);

  /** Saves status, attempt count, next attempt time and last error. */
  void updateDeliveries(Transaction tx, List<Delivery> deliveries);

  List<Delivery> pendingDeliveries(Transaction tx);

  /** Deliveries matching the query, newest first. */
  List<Delivery> listDeliveries(Transaction tx, DeliveryQuery query);

  Optional<Delivery> findDelivery(Transaction tx, io.faultline.alarm.notify.DeliveryId id);

  /**
   * Deletes up to {@code batch} history entries older than {@code cutoff}, oldest first; returns
   * how many it deleted.
   */
  int purgeHistoryBefore(Transaction tx, java.time.Instant cutoff, int batch);

  /**
   * Deletes up to {@code batch} finished deliveries (sent or given up) created before {@code
   * cutoff}, oldest first; pending ones are kept whatever their age. Returns how many it deleted.
   */
  int purgeDeliveriesBefore(Transaction tx, java.time.Instant cutoff, int batch);

  /**
   * One entry of the alarm-change log: the alarm created, changed or deleted by change {@code
   * sequence}.
   */
  record ChangeMark(long sequence, AlarmId alarm) {}

  /**
   * The changes after {@code sequence}, in order, at most {@code limit}. Every {@link #insert},
   * {@link #update} and {@link #delete} is logged in its own transaction, numbered in commit order
   * without gaps, so a reader that sees a number has seen every number before it.
   */
  List<ChangeMark> changesAfter(Transaction tx, long sequence, int limit);

  /** The number of the latest change committed; 0 when none was. */
  long changeSequence(Transaction tx);

  /**
   * Deletes up to {@code batch} logged changes made before {@code cutoff}, oldest first, never the
   * latest; returns how many it deleted.
   */
  int purgeChangesBefore(Transaction tx, java.time.Instant cutoff, int batch);
}
