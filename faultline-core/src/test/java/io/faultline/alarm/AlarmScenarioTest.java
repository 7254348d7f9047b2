package io.faultline.alarm;

import static io.faultline.alarm.AlarmFixtures.T0;
import static io.faultline.alarm.AlarmFixtures.admin;
import static io.faultline.alarm.AlarmFixtures.draft;
import static io.faultline.alarm.AlarmFixtures.instanceUpdate;
import static io.faultline.alarm.AlarmFixtures.member;
import static io.faultline.alarm.AlarmFixtures.reader;
import static io.faultline.alarm.AlarmFixtures.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.alarm.notify.ActionSender;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryOutcome;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.alarm.notify.Notifier;
import io.faultline.alarm.notify.RetryPolicy;
import io.faultline.cause.FaultId;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The evaluator and the API use cases together, on the in-memory store, with a fake clock. */
class AlarmScenarioTest {
  private final List<Delivery> sent = new CopyOnWriteArrayList<>();
  private final ActionSender recorder =
      delivery -> {
        sent.add(delivery);
        return CompletableFuture.completedFuture(new DeliveryOutcome.Sent(200));
      };
  private final InMemoryAlarmStore store = new InMemoryAlarmStore();
  private final AlarmFixtures.DirectTransactor transactor = new AlarmFixtures.DirectTransactor();
  private final AlarmIndex index = new AlarmIndex();
  private final AlarmLocks locks = new AlarmLocks(64);
  private final InstantSource clock = InstantSource.fixed(T0);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final StoreDeliveryJournal journal = new StoreDeliveryJournal(transactor, store);
  private final Notifier notifier =
      new Notifier(
          Map.of("http", recorder),
          journal,
          new RetryPolicy(3, Duration.ZERO, Duration.ZERO),
          scheduler,
          clock);
  private AlarmSettings settings = AlarmSettings.defaults();

  private AlarmService service() {
    return new AlarmService(
        store,
        index,
        locks,
        transactor,
        AlarmFixtures.policy(),
        clock,
        settings,
        Set.of("http", "https", "log"));
  }

  private final TransitionWriter writer = new TransitionWriter(transactor, store, index, notifier);
  private final EventAlarmEvaluator evaluator =
      new EventAlarmEvaluator(EventDefinitions.defaults(), index, locks, writer, clock);

  /** Evaluates the notification and waits until its transitions are committed. */
  private void publish(io.faultline.bus.Notification notification) throws InterruptedException {
    evaluator.onNotification(notification);
    writer.awaitWritten();
  }

  @AfterEach
  void stop() throws Exception {
    writer.close();
    notifier.close();
    journal.close();
    scheduler.shutdownNow();
  }

  private AlarmDraft stoppedAlarm(String instance) {
    return draft(
        "compute.instance.update",
        List.of(
            term("traits.instance_id", "eq", "string", instance),
            term("traits.state", "eq", "string", "stopped")),
        "http://127.0.0.1:9/x");
  }

  @Test
  void matchingNotificationMovesToAlarmRecordsHistoryAndDelivers() throws Exception {
    Alarm alarm = service().create(member("p1"), stoppedAlarm("vm-1"));

    publish(instanceUpdate("p1", "vm-1", "stopped"));

    assertThat(service().get(member("p1"), alarm.id()).state()).isEqualTo(AlarmState.ALARM);
    assertThat(sent)
        .singleElement()
        .satisfies(
            delivery -> {
              assertThat(delivery.faultId()).contains(new FaultId("fault-42"));
              assertThat(delivery.body())
                  .contains(
                      "\"previous\":\"insufficient data\"",
                      "\"current\":\"alarm\"",
                      "\"fault_id\":\"fault-42\"");
            });
    journal.close(); // flushes
    assertThat(service().history(member("p1"), alarm.id(), 100))
        .extracting(AlarmChange::type)
        .containsExactlyInAnyOrder(
            ChangeType.CREATION, ChangeType.STATE_TRANSITION, ChangeType.DELIVERY);
    assertThat(store.pendingDeliveries(null)).isEmpty();
    assertThat(store.findDelivery(null, sent.getFirst().id()).orElseThrow().status())
        .isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void anotherProjectNeitherFiresNorSeesTheAlarm() throws Exception {
    Alarm alarm = service().create(member("p1"), stoppedAlarm("vm-1"));

    publish(instanceUpdate("p2", "vm-1", "stopped"));

    assertThat(sent).isEmpty();
    assertThatThrownBy(() -> service().get(member("p2"), alarm.id()))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(service().list(member("p2"), false, Optional.empty(), Map.of())).isEmpty();
    assertThat(service().list(admin(), true, Optional.empty(), Map.of())).hasSize(1);
  }

  @Test
  void changesTakeEffectForTheVeryNextEvent() throws Exception {
    Alarm alarm = service().create(member("p1"), stoppedAlarm("vm-1"));
    service().replace(member("p1"), alarm.id(), stoppedAlarm("vm-2"));
    publish(instanceUpdate("p1", "vm-1", "stopped"));
    assertThat(sent).isEmpty();

    publish(instanceUpdate("p1", "vm-2", "stopped"));
    assertThat(sent).hasSize(1);

    service().setState(member("p1"), alarm.id(), AlarmState.OK);
    service().delete(member("p1"), alarm.id());
    publish(instanceUpdate("p1", "vm-2", "stopped"));
    assertThat(sent).hasSize(1);
  }

  @Test
  void repeatActionsFireOnEveryMatchOtherwiseOnce() throws Exception {
    service().create(member("p1"), stoppedAlarm("vm-1"));
    AlarmDraft base = stoppedAlarm("vm-1");
    service()
        .create(
            member("p1"),
            new AlarmDraft(
                "rep",
                base.description(),
                base.type(),
                base.rule(),
                true,
                Optional.empty(),
                base.severity(),
                List.of(),
                base.alarmActions(),
                List.of(),
                true,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));

    publish(instanceUpdate("p1", "vm-1", "stopped"));
    publish(instanceUpdate("p1", "vm-1", "stopped"));
    publish(instanceUpdate("p1", "vm-1", "stopped"));

    assertThat(sent).hasSize(4); // once for the plain alarm, three times for the repeating one
  }

  @Test
  void disabledAlarmNeverFires() throws Exception {
    AlarmDraft base = stoppedAlarm("vm-1");
    service()
        .create(
            member("p1"),
            new AlarmDraft(
                "off",
                base.description(),
                base.type(),
                base.rule(),
                false,
                Optional.empty(),
                base.severity(),
                List.of(),
                base.alarmActions(),
                List.of(),
                true,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    publish(instanceUpdate("p1", "vm-1", "stopped"));
    assertThat(sent).isEmpty();
  }

  @Test
  void concurrentEventsForOneAlarmMakeOneTransition() throws Exception {
    Alarm alarm = service().create(member("p1"), stoppedAlarm("vm-1"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 32; i++) {
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            evaluator.onNotification(instanceUpdate("p1", "vm-1", "stopped"));
          });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    writer.awaitWritten();
    assertThat(sent).hasSize(1);
    assertThat(store.history(null, Optional.of(alarm.id()), Optional.empty(), 100))
        .filteredOn(change -> change.type() == ChangeType.STATE_TRANSITION)
        .hasSize(1);
  }

  @Test
  void requireResourceIdSettingRefusesAlarmsWithoutOne() throws Exception {
    settings = new AlarmSettings(true, -1);
    assertThatThrownBy(() -> service().create(member("p1"), stoppedAlarm("vm-1")))
        .hasMessageContaining("resource_id is required");
  }

  @Test
  void readerCannotCreateAndNothingChanges() throws Exception {
    assertThatThrownBy(() -> service().create(reader("p1"), stoppedAlarm("vm-1")))
        .isInstanceOfSatisfying(
            FaultlineException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThat(store.list(null, Optional.empty())).isEmpty();
  }

  @Test
  void unsupportedActionSchemeIsRefused() throws Exception {
    assertThatThrownBy(
            () -> service().create(member("p1"), draft("*", List.of(), "zaqar://?queue=x")))
        .hasMessageContaining("Unsupported action zaqar://?queue=x");
  }

  @Test
  void aSearchReadsTheStoreInBatchesAndStopsAtItsLimit() throws Exception {
    AlarmService service = service();
    for (int i = 0; i < 300; i++) {
      service.create(member("p1"), stoppedAlarm("vm-" + i));
    }
    service.create(member("p2"), stoppedAlarm("vm-other"));
    // The list's order: last changed first, then by id.
    List<Alarm> all =
        service.list(member("p1"), false, Optional.empty(), Map.of()).stream()
            .sorted(
                Comparator.comparing(Alarm::timestamp)
                    .reversed()
                    .thenComparing(alarm -> alarm.id().value()))
            .toList();
    assertThat(all).hasSize(300);

    AtomicInteger looked = new AtomicInteger();
    List<Alarm> firstThree =
        service.search(member("p1"), false, alarm -> looked.incrementAndGet() > 0, 3);
    assertThat(firstThree).containsExactlyElementsOf(all.subList(0, 3));
    assertThat(looked.get()).as("alarms the filter was asked about").isLessThan(all.size());

    // Without a limit it walks every batch, in the list's order, and keeps what the filter takes.
    List<Alarm> even =
        service.search(
            member("p1"), false, alarm -> all.indexOf(alarm) % 2 == 0, Integer.MAX_VALUE);
    assertThat(even)
        .containsExactlyElementsOf(
            all.stream().filter(alarm -> all.indexOf(alarm) % 2 == 0).toList());
    assertThat(service.search(member("p1"), false, alarm -> true, 0)).isEmpty();
  }

  @Test
  void aStoreThatDoesNotAnswerFailsTheBatchAndTheBatchFiresWhenItComesBack() throws Exception {
    Alarm alarm = service().create(member("p1"), stoppedAlarm("vm-1"));
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean();
    io.faultline.tx.Transactor downable =
        new io.faultline.tx.Transactor() {
          @Override
          public <T> T inTransaction(
              java.util.function.Function<io.faultline.tx.Transaction, T> work) {
            if (down.get()) {
              throw new FaultlineException(
                  ErrorCode.UNAVAILABLE, "the database is unavailable; retry in a few seconds");
            }
            return transactor.inTransaction(work);
          }
        };
    TransitionWriter flaky = new TransitionWriter(downable, store, index, notifier);
    EventAlarmEvaluator evaluating =
        new EventAlarmEvaluator(EventDefinitions.defaults(), index, locks, flaky, clock);
    List<io.faultline.bus.Notification> batch = List.of(instanceUpdate("p1", "vm-1", "stopped"));
    try {
      down.set(true);
      CompletableFuture<Void> first = evaluating.onBatch(batch);

      // Not acknowledged: the batch stays in the outbox. Nothing was quarantined or sent, and
      // the index does not claim a state the store never took.
      assertThatThrownBy(() -> first.get(60, TimeUnit.SECONDS))
          .hasCauseInstanceOf(FaultlineException.class);
      assertThat(flaky.quarantined()).isZero();
      assertThat(sent).isEmpty();
      assertThat(index.get(alarm.id()).orElseThrow().state())
          .isEqualTo(AlarmState.INSUFFICIENT_DATA);

      down.set(false);
      evaluating.onBatch(batch).get(60, TimeUnit.SECONDS);

      assertThat(service().get(member("p1"), alarm.id()).state()).isEqualTo(AlarmState.ALARM);
      assertThat(sent).hasSize(1);
    } finally {
      flaky.close();
    }
  }
}
