package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmChangeFollower;
import io.faultline.alarm.AlarmIndex;
import io.faultline.alarm.AlarmLocks;
import io.faultline.alarm.AlarmType;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event index filled from a real store in pages: every alarm is read whatever the number of
 * pages, and a change committed while the pages are read is in the index when the load returns.
 */
abstract class AlarmIndexLoadContract {
  private static final int PAGE = 3;

  private Database database;
  private final JdbiAlarmStore store = new JdbiAlarmStore();

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void aLoadOverManyPagesOnSeveralThreadsMissesNoAlarm() {
    List<Alarm> alarms = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      alarms.add(
          AlarmStoreContract.alarm(UUID.randomUUID().toString(), "p" + i % 4, AlarmType.EVENT));
    }
    database.transactor().run(tx -> store.insertAll(tx, alarms));
    CountingTransactor counting = new CountingTransactor(database.transactor(), -1, () -> {});
    AlarmIndex index = new AlarmIndex();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      new AlarmChangeFollower(store, counting, index, new AlarmLocks(16), PAGE, threads).load();
    } finally {
      threads.shutdownNow();
    }
    assertThat(index.ids())
        .containsExactlyInAnyOrderElementsOf(alarms.stream().map(Alarm::id).toList());
    // 100 alarms in pages of 3 over 16 ranges: many more queries than ranges, none of them long.
    assertThat(counting.calls()).isGreaterThan(100 / PAGE);
  }

  @Test
  void aChangeCommittedWhileThePagesAreReadIsInTheIndexAfterTheLoad() {
    List<Alarm> seeded = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      seeded.add(AlarmStoreContract.alarm("0b-" + i, "p1", AlarmType.EVENT));
    }
    database.transactor().run(tx -> store.insertAll(tx, seeded));
    Alarm late = AlarmStoreContract.alarm("0a-late", "p1", AlarmType.EVENT);
    Alarm disabled =
        new Alarm(
            seeded.get(1).id(),
            seeded.get(1).name(),
            seeded.get(1).description(),
            seeded.get(1).type(),
            seeded.get(1).rule(),
            false,
            seeded.get(1).state(),
            seeded.get(1).stateReason(),
            seeded.get(1).severity(),
            seeded.get(1).okActions(),
            seeded.get(1).alarmActions(),
            seeded.get(1).insufficientDataActions(),
            seeded.get(1).repeatActions(),
            seeded.get(1).timeConstraints(),
            seeded.get(1).projectId(),
            seeded.get(1).userId(),
            seeded.get(1).resourceId(),
            seeded.get(1).timestamp(),
            seeded.get(1).stateTimestamp());
    // The load's transactions: the change sequence, the positions, then one per page; seven
    // alarms make seven ranges of one. Before the fifth (two alarms read), another writer
    // commits: a new alarm (past the last position read), one the walk read deleted, one it read
    // disabled.
    CountingTransactor interrupting =
        new CountingTransactor(
            database.transactor(),
            4,
            () ->
                database
                    .transactor()
                    .run(
                        tx -> {
                          store.insert(tx, late);
                          store.delete(tx, seeded.get(0).id());
                          store.update(tx, disabled);
                        }));
    AlarmIndex index = new AlarmIndex();
    new AlarmChangeFollower(store, interrupting, index, new AlarmLocks(16), PAGE, Runnable::run)
        .load();

    assertThat(interrupting.calls()).isGreaterThan(2);
    assertThat(index.ids())
        .contains(late.id(), seeded.get(2).id(), seeded.get(6).id())
        .doesNotContain(seeded.get(0).id(), seeded.get(1).id())
        .hasSize(6);
  }

  /** A transactor that counts its transactions and runs {@code before} ahead of one of them. */
  private static final class CountingTransactor implements Transactor {
    private final Transactor delegate;
    private final int interruptAt;
    private final Runnable before;
    private final AtomicInteger calls = new AtomicInteger();

    CountingTransactor(Transactor delegate, int interruptAt, Runnable before) {
      this.delegate = delegate;
      this.interruptAt = interruptAt;
      this.before = before;
    }

    int calls() {
      return calls.get();
    }

    @Override
    public <T> T inTransaction(Function<Transaction, T> work) {
      if (calls.getAndIncrement() == interruptAt) {
        before.run();
      }
      return delegate.inTransaction(work);
    }
  }
}
