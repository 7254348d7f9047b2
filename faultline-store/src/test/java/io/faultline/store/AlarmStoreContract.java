package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmChange;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmStore;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.ChangeType;
import io.faultline.alarm.DeliveryQuery;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.TimeConstraint;
import io.faultline.alarm.ValueType;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryId;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.cause.FaultId;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alarm store's contract; runs identically on every engine. */
abstract class AlarmStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");

  private Database database;
  private Transactor tx;
  private final JdbiAlarmStore store = new JdbiAlarmStore();

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
    tx = database.transactor();
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private Optional<Alarm> find(AlarmId id) {
    return tx.inTransaction(t -> store.find(t, id));
  }

  private List<Alarm> list(Optional<String> project) {
    return tx.inTransaction(t -> store.list(t, project));
  }

  private List<AlarmChange> history(Optional<AlarmId> id, Optional<String> project, int limit) {
    return tx.inTransaction(t -> store.history(t, id, project, limit));
  }

  private List<Delivery> pending() {
    return tx.inTransaction(store::pendingDeliveries);
  }

  private Optional<Delivery> findDelivery(io.faultline.alarm.notify.DeliveryId id) {
    return tx.inTransaction(t -> store.findDelivery(t, id));
  }

  static Alarm alarm(String id, String project, AlarmType type) {
    return new Alarm(
        new AlarmId(id),
        "name-" + id,
        "desc",
        type,
        EventRule.of(
            "compute.instance.*",
            List.of(
                QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "error"),
                QueryTerm.of("traits.count", QueryOp.GE, ValueType.INTEGER, "3"),
                QueryTerm.of("traits.x", QueryOp.NE, ValueType.UNSPECIFIED, "y"))),
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.CRITICAL,
        List.of("log://"),
        List.of("http://127.0.0.1:9/a", "https://h/b"),
        List.of(),
        true,
        List.of(TimeConstraint.of("tc", "d", "0 10 * * 1-5", 3600, "Europe/Paris")),
        project,
        "u1",
        Optional.of("vm-1"),
        T0,
        T0);
  }

  private static Alarm changedAt(Alarm a, Instant at) {
    return new Alarm(
        a.id(),
        a.name(),
        a.description(),
        a.type(),
        a.rule(),
        a.enabled(),
        a.state(),
        a.stateReason(),
        a.severity(),
        a.okActions(),
        a.alarmActions(),
        a.insufficientDataActions(),
        a.repeatActions(),
        a.timeConstraints(),
        a.projectId(),
        a.userId(),
        a.resourceId(),
        at,
        a.stateTimestamp());
  }

  @Test
  void alarmPagesWalkTheListOnceLastChangedFirst() {
    List<Alarm> all = new java.util.ArrayList<>();
    for (int i = 0; i < 17; i++) {
      // Four alarms share each change time, so the id breaks the ties.
      all.add(
          changedAt(
              alarm("page-" + (100 + i * 7 % 17), i % 3 == 0 ? "p2" : "p1", AlarmType.EVENT),
              T0.plusSeconds(i / 4)));
    }
    tx.run(t -> all.forEach(alarm -> store.insert(t, alarm)));
    java.util.Comparator<Alarm> order =
        java.util.Comparator.comparing(Alarm::timestamp)
            .reversed()
            .thenComparing(alarm -> alarm.id().value());
    for (Optional<String> project : List.of(Optional.<String>empty(), Optional.of("p1"))) {
      List<AlarmId> expected =
          all.stream()
              .filter(a -> project.map(a.projectId()::equals).orElse(true))
              .sorted(order)
              .map(Alarm::id)
              .toList();
      for (int size : new int[] {1, 4, 5, 17}) {
        List<AlarmId> seen = new java.util.ArrayList<>();
        Optional<Alarm> after = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
          Optional<Alarm> from = after;
          List<Alarm> page = tx.inTransaction(t -> store.page(t, project, from, size));
          page.forEach(alarm -> seen.add(alarm.id()));
          if (page.size() < size) {
            break;
          }
          after = Optional.of(page.get(page.size() - 1));
        }
        assertThat(seen).as("pages of " + size).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void alarmsRoundTripEveryField() {
    Alarm alarm = alarm("a1", "p1", AlarmType.NOTIFICATION);
    tx.run(t -> store.insert(t, alarm));
    Alarm read = tx.inTransaction(t -> store.find(t, alarm.id())).orElseThrow();
    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("rule", "timeConstraints")
        .isEqualTo(alarm);
    assertThat(read.rule().eventType().glob()).isEqualTo("compute.instance.*");
    assertThat(read.rule().query()).isEqualTo(alarm.rule().query());
    assertThat(read.timeConstraints().getFirst().start()).isEqualTo("0 10 * * 1-5");
    assertThat(read.type()).isEqualTo(AlarmType.NOTIFICATION);
  }

  @Test
  void updateListDelete() {
    tx.run(
        t -> {
          store.insert(t, alarm("a1", "p1", AlarmType.EVENT));
          store.insert(t, alarm("a2", "p2", AlarmType.EVENT));
        });
    Alarm changed =
        alarm("a1", "p1", AlarmType.EVENT).withState(AlarmState.ALARM, "hit", T0.plusSeconds(5));
    tx.run(t -> store.update(t, changed));
    assertThat(tx.inTransaction(t -> store.find(t, changed.id())).orElseThrow().state())
        .isEqualTo(AlarmState.ALARM);
    assertThat(list(Optional.of("p1"))).extracting(Alarm::id).containsExactly(new AlarmId("a1"));
    assertThat(list(Optional.empty())).hasSize(2);
    List<Alarm> all =
        tx.inTransaction(t -> store.pageByPosition(t, 0, Long.MAX_VALUE, 10)).stream()
            .map(AlarmStore.Positioned::alarm)
            .toList();
    assertThat(all).hasSize(2);
    tx.run(t -> store.delete(t, changed.id()));
    assertThat(find(changed.id())).isEmpty();
  }

  @Test
  void updateStatesChangesOnlyTheState() {
    Alarm alarm = alarm("a1", "p1", AlarmType.EVENT);
    tx.run(t -> store.insert(t, alarm));
    Alarm fired = alarm.withState(AlarmState.ALARM, "hit", T0.plusSeconds(9));
    tx.run(t -> store.updateStates(t, List.of(fired)));
    Alarm read = find(alarm.id()).orElseThrow();
    assertThat(read.state()).isEqualTo(AlarmState.ALARM);
    assertThat(read.stateReason()).isEqualTo("hit");
    assertThat(read.stateTimestamp()).isEqualTo(T0.plusSeconds(9));
    assertThat(read.timestamp()).isEqualTo(alarm.timestamp());
  }

  @Test
  void aStateIsSavedOnlyFromTheStateItWasDecidedFrom() {
    Alarm alarm = alarm("a1", "p1", AlarmType.EVENT);
    tx.run(t -> store.insert(t, alarm));
    Alarm fired = alarm.withState(AlarmState.ALARM, "hit", T0.plusSeconds(9));
    Alarm firedElsewhere = alarm.withState(AlarmState.ALARM, "other node", T0.plusSeconds(8));
    boolean[] first =
        tx.inTransaction(t -> store.updateStatesFrom(t, List.of(alarm), List.of(fired)));
    boolean[] second =
        tx.inTransaction(t -> store.updateStatesFrom(t, List.of(alarm), List.of(firedElsewhere)));
    assertThat(first).containsExactly(true);
    assertThat(second).containsExactly(false);
    assertThat(find(alarm.id()).orElseThrow().stateReason()).isEqualTo("hit");
  }

  @Test
  void aDeliveryInsertedTwiceIsKeptOnceAsItWas() {
    Delivery delivery =
        Delivery.pending(
            DeliveryId.forFiring("a1", "event-1", T0, "http://h/x"),
            new AlarmId("a1"),
            "p1",
            Severity.LOW,
            "http://h/x",
            "{}",
            Optional.empty(),
            T0);
    tx.run(t -> store.insertDeliveries(t, List.of(delivery)));
    Delivery sent = delivery.after(1, DeliveryStatus.SENT, "", T0);
    tx.run(t -> store.updateDeliveries(t, List.of(sent)));
    tx.run(t -> store.insertDeliveries(t, List.of(delivery)));
    assertThat(findDelivery(delivery.id())).contains(sent);
  }

  @Test
  void historyNewestFirstByAlarmAndProjectAndOutlivesTheAlarm() {
    Alarm alarm = alarm("a1", "p1", AlarmType.EVENT);
    tx.run(
        t -> {
          store.insert(t, alarm);
          store.appendHistory(
              t,
              List.of(
                  AlarmChange.of(alarm, ChangeType.CREATION, "{}", "u1", "p1", T0),
                  AlarmChange.of(
                      alarm,
                      ChangeType.STATE_TRANSITION,
                      "{\"state\":\"alarm\"}",
                      "",
                      "",
                      T0.plusSeconds(1))));
          store.appendHistory(
              t,
              List.of(
                  AlarmChange.of(
                      alarm("a2", "p2", AlarmType.EVENT),
                      ChangeType.CREATION,
                      "{}",
                      "u2",
                      "p2",
                      T0)));
          store.delete(t, alarm.id());
        });
    List<AlarmChange> history = history(Optional.of(alarm.id()), Optional.empty(), 10);
    assertThat(history)
        .extracting(AlarmChange::type)
        .containsExactly(ChangeType.STATE_TRANSITION, ChangeType.CREATION);
    assertThat(history.getFirst().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(history(Optional.empty(), Optional.of("p2"), 10)).hasSize(1);
    assertThat(history(Optional.empty(), Optional.empty(), 2)).hasSize(2);
  }

  @Test
  void deliveriesStayPendingUntilFinished() {
    Delivery first =
        Delivery.pending(
            new AlarmId("a1"),
            "p1",
            Severity.LOW,
            "http://h/x",
            "{\"a\":1}",
            Optional.of(new FaultId("fault-1")),
            T0);
    Delivery second =
        Delivery.pending(
            new AlarmId("a1"), "p1", Severity.LOW, "http://h/y", "{}", Optional.empty(), T0);
    tx.run(t -> store.insertDeliveries(t, List.of(first, second)));
    Delivery retrying = first.after(1, DeliveryStatus.PENDING, "HTTP 503", T0.plusSeconds(2));
    Delivery sent = second.after(1, DeliveryStatus.SENT, "", T0);
    tx.run(t -> store.updateDeliveries(t, List.of(retrying, sent)));
    assertThat(pending()).containsExactly(retrying);
    assertThat(findDelivery(second.id())).contains(sent);
  }

  private Delivery delivery(String alarm, String project, Optional<String> fault, Instant at) {
    return Delivery.pending(
        new AlarmId(alarm),
        project,
        Severity.LOW,
        "http://h/" + alarm,
        "{}",
        fault.map(FaultId::new),
        at);
  }

  @Test
  void deliveriesAreListedByFaultAlarmAndProjectNewestFirst() {
    Delivery a = delivery("a1", "p1", Optional.of("fault-1"), T0);
    Delivery b = delivery("a2", "p1", Optional.of("fault-1"), T0.plusSeconds(1));
    Delivery c = delivery("a1", "p2", Optional.of("fault-2"), T0.plusSeconds(2));
    Delivery d = delivery("a3", "p2", Optional.empty(), T0.plusSeconds(3));
    tx.run(t -> store.insertDeliveries(t, List.of(a, b, c, d)));

    assertThat(
            deliveries(
                new DeliveryQuery(Optional.of("fault-1"), Optional.empty(), Optional.empty(), 10)))
        .containsExactly(b, a);
    assertThat(
            deliveries(
                new DeliveryQuery(Optional.of("fault-9"), Optional.empty(), Optional.empty(), 10)))
        .isEmpty();
    assertThat(
            deliveries(new DeliveryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 10)))
        .containsExactly(d, c, b, a);
    assertThat(
            deliveries(new DeliveryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 2)))
        .containsExactly(d, c);
    assertThat(
            deliveries(
                new DeliveryQuery(
                    Optional.empty(), Optional.of(new AlarmId("a1")), Optional.empty(), 10)))
        .containsExactly(c, a);
    assertThat(
            deliveries(
                new DeliveryQuery(Optional.empty(), Optional.empty(), Optional.of("p2"), 10)))
        .containsExactly(d, c);
  }

  private int purgeHistory(Instant cutoff, int batch) {
    return tx.<Integer>inTransaction(t -> store.purgeHistoryBefore(t, cutoff, batch));
  }

  private int purgeDeliveries(Instant cutoff, int batch) {
    return tx.<Integer>inTransaction(t -> store.purgeDeliveriesBefore(t, cutoff, batch));
  }

  private List<Delivery> deliveries(DeliveryQuery query) {
    return tx.inTransaction(t -> store.listDeliveries(t, query));
  }

  @Test
  void purgeDeletesOldHistoryInBatchesAndKeepsTheRecent() {
    Alarm alarm = alarm("a1", "p1", AlarmType.EVENT);
    Instant cutoff = T0.plusSeconds(100);
    tx.run(
        t ->
            store.appendHistory(
                t,
                List.of(
                    AlarmChange.of(alarm, ChangeType.CREATION, "{}", "u", "p1", T0),
                    AlarmChange.of(
                        alarm, ChangeType.RULE_CHANGE, "{}", "u", "p1", T0.plusSeconds(1)),
                    AlarmChange.of(
                        alarm, ChangeType.RULE_CHANGE, "{}", "u", "p1", T0.plusSeconds(2)),
                    AlarmChange.of(
                        alarm,
                        ChangeType.STATE_TRANSITION,
                        "{}",
                        "u",
                        "p1",
                        cutoff.plusSeconds(1)))));

    assertThat(purgeHistory(cutoff, 2)).isEqualTo(2);
    assertThat(purgeHistory(cutoff, 2)).isEqualTo(1);
    assertThat(purgeHistory(cutoff, 2)).isZero();
    assertThat(history(Optional.of(alarm.id()), Optional.empty(), 10))
        .extracting(AlarmChange::type)
        .containsExactly(ChangeType.STATE_TRANSITION);
  }

  @Test
  void purgeDeletesOldFinishedDeliveriesAndKeepsPendingAndRecentOnes() {
    Instant cutoff = T0.plusSeconds(100);
    Delivery oldSent = delivery("a1", "p1", Optional.empty(), T0);
    Delivery oldFailed = delivery("a2", "p1", Optional.empty(), T0.plusSeconds(1));
    Delivery oldPending = delivery("a3", "p1", Optional.empty(), T0);
    Delivery newSent = delivery("a4", "p1", Optional.empty(), cutoff.plusSeconds(1));
    tx.run(t -> store.insertDeliveries(t, List.of(oldSent, oldFailed, oldPending, newSent)));
    tx.run(
        t ->
            store.updateDeliveries(
                t,
                List.of(
                    oldSent.after(1, DeliveryStatus.SENT, "", T0),
                    oldFailed.after(3, DeliveryStatus.FAILED, "HTTP 500", T0),
                    newSent.after(1, DeliveryStatus.SENT, "", T0))));

    assertThat(purgeDeliveries(cutoff, 1)).isEqualTo(1);
    assertThat(findDelivery(oldSent.id())).isEmpty();
    assertThat(purgeDeliveries(cutoff, 1)).isEqualTo(1);
    assertThat(purgeDeliveries(cutoff, 1)).isZero();
    assertThat(findDelivery(oldFailed.id())).isEmpty();
    assertThat(findDelivery(oldPending.id())).isPresent();
    assertThat(findDelivery(newSent.id())).isPresent();
  }

  @Test
  void everyAlarmChangeIsLoggedInCommitOrderAndDeletesAreTombstones() {
    long before = tx.inTransaction(store::changeSequence);
    Alarm a = alarm("log-a", "p1", AlarmType.EVENT);
    Alarm b = alarm("log-b", "p1", AlarmType.EVENT);
    tx.run(t -> store.insert(t, a));
    tx.run(t -> store.insert(t, b));
    tx.run(t -> store.update(t, a));
    tx.run(t -> store.delete(t, b.id()));
    // A change rolled back leaves no entry and no gap.
    try {
      tx.run(
          t -> {
            store.update(t, a);
            throw new IllegalStateException("rolled back");
          });
    } catch (IllegalStateException expected) {
      // as meant
    }

    List<AlarmStore.ChangeMark> changes = tx.inTransaction(t -> store.changesAfter(t, before, 100));
    assertThat(changes)
        .extracting(AlarmStore.ChangeMark::sequence)
        .containsExactly(before + 1, before + 2, before + 3, before + 4);
    assertThat(changes)
        .extracting(change -> change.alarm().value())
        .containsExactly("log-a", "log-b", "log-a", "log-b");
    long latest = tx.inTransaction(store::changeSequence);
    assertThat(latest).isEqualTo(before + 4);
    List<AlarmStore.ChangeMark> none =
        tx.inTransaction(t -> store.changesAfter(t, before + 4, 100));
    assertThat(none).isEmpty();
    List<AlarmStore.ChangeMark> page = tx.inTransaction(t -> store.changesAfter(t, before, 2));
    assertThat(page)
        .extracting(AlarmStore.ChangeMark::sequence)
        .containsExactly(before + 1, before + 2);
  }

  @Test
  void retentionPrunesTheChangeLogButKeepsTheLatestChange() {
    long before = tx.inTransaction(store::changeSequence);
    tx.run(t -> store.insert(t, alarm("prune-a", "p1", AlarmType.EVENT)));
    tx.run(t -> store.insert(t, alarm("prune-b", "p1", AlarmType.EVENT)));
    Instant future = Instant.now().plusSeconds(3600);
    int purged = tx.inTransaction(t -> store.purgeChangesBefore(t, future, 100));
    assertThat(purged).isEqualTo((int) (before + 1));
    List<AlarmStore.ChangeMark> left = tx.inTransaction(t -> store.changesAfter(t, 0, 100));
    assertThat(left).extracting(AlarmStore.ChangeMark::sequence).containsExactly(before + 2);
    int none = tx.inTransaction(t -> store.purgeChangesBefore(t, Instant.EPOCH, 100));
    assertThat(none).isZero();
  }

  @Test
  void pagesByPositionWalkTheAlarmsInTheOrderStoredAndMissNone() {
    List<Alarm> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(alarm(java.util.UUID.randomUUID().toString(), "p" + i % 3, AlarmType.EVENT));
    }
    tx.run(t -> store.insertAll(t, all.subList(0, 20)));
    tx.run(t -> all.subList(20, 40).forEach(alarm -> store.insert(t, alarm)));
    tx.run(t -> store.delete(t, all.get(5).id()));
    List<String> expected =
        all.stream()
            .map(alarm -> alarm.id().value())
            .filter(id -> !id.equals(all.get(5).id().value()))
            .toList();
    AlarmStore.Positions positions = tx.inTransaction(store::positions).orElseThrow();
    for (int size : new int[] {1, 3, 50}) {
      for (int ranges : new int[] {1, 4}) {
        List<String> seen = new ArrayList<>();
        long width = (positions.last() - positions.first() + ranges) / ranges;
        for (long start = positions.first() - 1; start < positions.last(); start += width) {
          long upTo = Math.min(positions.last(), start + width);
          long after = start;
          while (true) {
            long from = after;
            List<AlarmStore.Positioned> page =
                tx.inTransaction(t -> store.pageByPosition(t, from, upTo, size));
            assertThat(page).hasSizeLessThanOrEqualTo(size);
            page.forEach(positioned -> seen.add(positioned.alarm().id().value()));
            if (page.size() < size) {
              break;
            }
            after = page.get(page.size() - 1).position();
          }
        }
        // One range walks them in the order they were stored; several miss none.
        if (ranges == 1) {
          assertThat(seen).as("pages of " + size).containsExactlyElementsOf(expected);
        } else {
          assertThat(seen).as("pages of " + size).containsExactlyInAnyOrderElementsOf(expected);
        }
      }
    }
    Alarm read =
        tx.inTransaction(t -> store.pageByPosition(t, positions.first() - 1, positions.first(), 1))
            .get(0)
            .alarm();
    assertThat(read)
        .usingRecursiveComparison()
        .ignoringFields("rule", "timeConstraints")
        .isEqualTo(all.get(0));
  }

  @Test
  void noAlarmNoPositions() {
    assertThat(tx.inTransaction(store::positions)).isEmpty();
  }

  @Test
  void insertAllLogsOneChangePerAlarmInOrder() {
    long before = tx.inTransaction(store::changeSequence);
    tx.run(t -> store.insert(t, alarm("batch-0", "p1", AlarmType.EVENT)));
    tx.run(
        t ->
            store.insertAll(
                t,
                List.of(
                    alarm("batch-1", "p1", AlarmType.EVENT),
                    alarm("batch-2", "p2", AlarmType.EVENT),
                    alarm("batch-3", "p1", AlarmType.EVENT))));
    tx.run(t -> store.delete(t, new AlarmId("batch-2")));
    List<AlarmStore.ChangeMark> changes = tx.inTransaction(t -> store.changesAfter(t, before, 100));
    assertThat(changes)
        .extracting(change -> change.sequence() - before, change -> change.alarm().value())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "batch-0"),
            org.assertj.core.groups.Tuple.tuple(2L, "batch-1"),
            org.assertj.core.groups.Tuple.tuple(3L, "batch-2"),
            org.assertj.core.groups.Tuple.tuple(4L, "batch-3"),
            org.assertj.core.groups.Tuple.tuple(5L, "batch-2"));
    assertThat(tx.inTransaction(store::changeSequence)).isEqualTo(before + 5);
    assertThat(find(new AlarmId("batch-3"))).isPresent();
  }
}
