package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmChange;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmIndex;
import io.faultline.alarm.AlarmLocks;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.ChangeType;
import io.faultline.alarm.EventAlarmEvaluator;
import io.faultline.alarm.EventDefinitions;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.StoreDeliveryJournal;
import io.faultline.alarm.TransitionWriter;
import io.faultline.alarm.ValueType;
import io.faultline.alarm.notify.Notifier;
import io.faultline.alarm.notify.RetryPolicy;
import io.faultline.alarm.notify.WebhookSender;
import io.faultline.bus.Notification;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One tenant's alarm that cannot be stored never takes the others with it: an outbox batch whose
 * notifications fire 60 alarms of one project and one alarm of another whose webhook URL is longer
 * than the delivery column (stored before such URLs were refused) commits the 60 transitions and
 * delivers their 60 webhooks, quarantines the one (an entry in its history says why), and is
 * acknowledged.
 */
abstract class TransitionIsolationContract {
  private static final int OTHERS = 60;
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private final JdbiAlarmStore store = new JdbiAlarmStore();
  private final AlarmIndex index = new AlarmIndex();
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private Database database;
  private HttpServer receiver;
  private ScheduledExecutorService scheduler;
  private StoreDeliveryJournal journal;
  private Notifier notifier;
  private TransitionWriter writer;

  abstract Database open();

  @BeforeEach
  void setUp() throws Exception {
    database = open();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.add(exchange.getRequestHeaders().getFirst(WebhookSender.DELIVERY_ID_HEADER));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    scheduler = Executors.newSingleThreadScheduledExecutor();
    journal = new StoreDeliveryJournal(database.transactor(), store);
    notifier =
        new Notifier(
            Map.of("http", new WebhookSender(Duration.ofSeconds(2), Duration.ofSeconds(20), 4)),
            journal,
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
            scheduler,
            InstantSource.system(),
            8);
    writer = new TransitionWriter(database.transactor(), store, index, notifier);
  }

  @AfterEach
  void tearDown() {
    writer.close();
    notifier.close();
    journal.close();
    scheduler.shutdownNow();
    receiver.stop(0);
    database.close();
  }

  private Alarm alarm(String id, String project, String action) {
    return new Alarm(
        new AlarmId(id),
        "name-" + id,
        "",
        AlarmType.EVENT,
        EventRule.of(
            "compute.instance.update",
            List.of(QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "stopped"))),
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.CRITICAL,
        List.of(),
        List.of(action),
        List.of(),
        false,
        List.of(),
        project,
        "u1",
        Optional.of("vm-" + id),
        T0,
        T0);
  }

  private static Notification stopped(String project, String instance) {
    return Notification.info(
        "compute.host-1",
        "compute.instance.update",
        Map.of("tenant_id", project, "instance_id", instance, "state", "stopped"),
        Instant.now());
  }

  @Test
  void aPoisonedAlarmIsQuarantinedAloneAndTheBatchIsAcknowledged() throws Exception {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    String poisonedHook = hook + "?" + "x".repeat(3000);
    List<Alarm> alarms = new ArrayList<>();
    alarms.add(alarm("poisoned", "member-project", poisonedHook));
    for (int i = 0; i < OTHERS; i++) {
      alarms.add(alarm("other-" + i, "other-project", hook + "/" + i));
    }
    database.transactor().run(tx -> alarms.forEach(alarm -> store.insert(tx, alarm)));
    alarms.forEach(index::put);

    List<Notification> batch = new ArrayList<>();
    batch.add(stopped("member-project", "vm-poisoned"));
    for (int i = 0; i < OTHERS; i++) {
      batch.add(stopped("other-project", "vm-other-" + i));
    }
    EventAlarmEvaluator evaluator =
        new EventAlarmEvaluator(
            EventDefinitions.defaults(), index, new AlarmLocks(64), writer, InstantSource.system());

    // The batch is acknowledged (it may leave the outbox): replaying it would fail the same way.
    evaluator.onBatch(batch).get(60, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.size() < OTHERS && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(received).hasSize(OTHERS);
    for (int i = 0; i < OTHERS; i++) {
      AlarmId id = new AlarmId("other-" + i);
      assertThat(state(id)).isEqualTo(AlarmState.ALARM);
    }
    AlarmId poisoned = new AlarmId("poisoned");
    assertThat(state(poisoned)).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    // The index was put back too, so the quarantined alarm does not claim a state never stored.
    assertThat(index.get(poisoned))
        .get()
        .extracting(Alarm::state)
        .isEqualTo(AlarmState.INSUFFICIENT_DATA);
    // Its owner sees why in the alarm's history, not only the operator in a log and a counter.
    List<AlarmChange> history =
        database
            .transactor()
            .inTransaction(tx -> store.history(tx, Optional.of(poisoned), Optional.empty(), 10));
    assertThat(history).extracting(AlarmChange::type).containsExactly(ChangeType.QUARANTINE);
    JsonNode detail = new ObjectMapper().readTree(history.get(0).detail());
    assertThat(detail.get("state").asText()).isEqualTo("alarm");
    assertThat(detail.get("deliveries_not_sent").asInt()).isEqualTo(1);
    assertThat(detail.get("quarantined").asText())
        .startsWith("the store refused the transition: ")
        .doesNotContain("xxxxxxxx");
    assertThat(history.get(0).onBehalfOf()).isEqualTo("member-project");
    // The others' histories hold their transitions, and no quarantine.
    List<AlarmChange> other =
        database
            .transactor()
            .inTransaction(
                tx -> store.history(tx, Optional.of(new AlarmId("other-0")), Optional.empty(), 10));
    assertThat(other).extracting(AlarmChange::type).contains(ChangeType.STATE_TRANSITION);
    assertThat(other).extracting(AlarmChange::type).doesNotContain(ChangeType.QUARANTINE);
  }

  private AlarmState state(AlarmId id) {
    return database.transactor().inTransaction(tx -> store.find(tx, id)).orElseThrow().state();
  }
}
