package io.faultline.alarm;

import static io.faultline.alarm.AlarmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryOutcome;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StoreDeliveryJournalTest {
  private final InMemoryAlarmStore store = new InMemoryAlarmStore();
  private final AtomicInteger transactions = new AtomicInteger();
  private final Transactor counting =
      new Transactor() {
        private final Transactor direct = new AlarmFixtures.DirectTransactor();

        @Override
        public <T> T inTransaction(Function<Transaction, T> work) {
          transactions.incrementAndGet();
          return direct.inTransaction(work);
        }
      };

  @Test
  void outcomesThatArriveWithinTheLingerAreWrittenInOneTransaction() throws Exception {
    List<Delivery> pending = List.of(pending("alarm-1"), pending("alarm-2"));
    store.insertDeliveries(tx -> {}, pending);

    try (StoreDeliveryJournal journal =
        new StoreDeliveryJournal(
            counting, store, AlarmActivityListener.NONE, Duration.ofSeconds(30))) {
      journal.record(sent(pending.get(0)), new DeliveryOutcome.Sent(204));
      // The first outcome waits for company rather than taking a commit of its own.
      Thread.sleep(300);
      journal.record(sent(pending.get(1)), new DeliveryOutcome.Sent(204));
    } // closing writes what lingers

    assertThat(transactions).hasValue(1);
    assertThat(store.pendingDeliveries(tx -> {})).isEmpty();
  }

  @Test
  void withoutALingerAnOutcomeIsWrittenAtOnce() throws Exception {
    Delivery delivery = pending("alarm-1");
    store.insertDeliveries(tx -> {}, List.of(delivery));

    try (StoreDeliveryJournal journal =
        new StoreDeliveryJournal(counting, store, AlarmActivityListener.NONE, Duration.ZERO)) {
      journal.record(sent(delivery), new DeliveryOutcome.Sent(204));
      awaitUntil(() -> store.pendingDeliveries(tx -> {}).isEmpty());
      assertThat(store.pendingDeliveries(tx -> {})).isEmpty();
    }
  }

  @Test
  void finishedDeliveriesEnterTheHistoryUnderIdsThatSortInTheOrderTheyWereWritten()
      throws Exception {
    List<String> alarms = IntStream.range(0, 8).mapToObj(i -> "alarm-" + i).toList();
    List<Delivery> pending = alarms.stream().map(StoreDeliveryJournalTest::pending).toList();
    store.insertDeliveries(tx -> {}, pending);

    try (StoreDeliveryJournal journal =
        new StoreDeliveryJournal(counting, store, AlarmActivityListener.NONE, Duration.ZERO)) {
      for (int i = 0; i < pending.size(); i++) {
        journal.record(sent(pending.get(i)), new DeliveryOutcome.Sent(204));
        // Each outcome in a batch of its own, so the entries are made one after the other.
        int written = i + 1;
        awaitUntil(
            () ->
                store.history(tx -> {}, Optional.empty(), Optional.empty(), 10).size() >= written);
      }
    }

    // A random id would put each entry on a random page of the store's index of history ids; a
    // time-ordered one appends, in the order written.
    List<String> alarmsInIdOrder =
        store.history(tx -> {}, Optional.empty(), Optional.empty(), 10).stream()
            .sorted(Comparator.comparing(AlarmChange::eventId))
            .map(change -> change.alarmId().value())
            .toList();
    assertThat(alarmsInIdOrder).isEqualTo(alarms);
  }

  /** Waits up to 10 s for {@code condition}; the assertion that follows says what was missing. */
  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static Delivery pending(String alarm) {
    return Delivery.pending(
        new AlarmId(alarm),
        "p1",
        Severity.CRITICAL,
        "http://127.0.0.1:9/x",
        "{}",
        Optional.empty(),
        T0);
  }

  private static Delivery sent(Delivery delivery) {
    return delivery.after(1, DeliveryStatus.SENT, "", T0);
  }
}
