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
   * A part of the alarms whose ids fall in {@code range}, in id order: at most {@code count} of
   * them, those after {@code after} when given. A walk page by page reads every alarm of the range
   * with short queries on the key (to fill the index at start), however many there are.
   */
  List<Alarm> pageById(Transaction tx, IdRange range, Optional<AlarmId> after, int count);

  /**
   * The alarm ids from {@code from} (inclusive) up to {@code until} (exclusive, none: no end), in
   * the store's order of ids. Ranges cut at increasing bounds share no id and together hold every
   * one, so that each can be walked on its own.
   */
  record IdRange(String from, Optional<String> until) {
    public IdRange {
      java.util.Objects.requireNonNull(from, "from is null");
      java.util.Objects.requireNonNull(until, "until is null");
    }

    /** Every id. */
    public static final IdRange ALL = new IdRange("", Optional.empty());

    /**
     * Every id, cut in ranges at the hexadecimal digits {@code 1} to {@code f}: random UUIDs fall
     * evenly into the sixteen, any other id into one of them.
     */
    public static List<IdRange> byFirstHexDigit() {
      String digits = "123456789abcdef";
      List<IdRange> ranges = new java.util.ArrayList<>(digits.length() + 1);
      String from = "";
      for (int i = 0; i < digits.length(); i++) {
        String digit = digits.substring(i, i + 1);
        ranges.add(new IdRange(from, Optional.of(digit)));
        from = digit;
      }
      ranges.add(new IdRange(from, Optional.empty()));
      return List.copyOf(ranges);
    }

    public boolean contains(String id) {
      return id.compareTo(from) >= 0 && until.map(end -> id.compareTo(end) < 0).orElse(true);
    }
  }

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
