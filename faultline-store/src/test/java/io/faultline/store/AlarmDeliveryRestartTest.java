package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.faultline.alarm.AlarmChange;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.ChangeType;
import io.faultline.alarm.Severity;
import io.faultline.alarm.StoreDeliveryJournal;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.alarm.notify.Notifier;
import io.faultline.alarm.notify.RetryPolicy;
import io.faultline.alarm.notify.WebhookSender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A delivery whose receiver was down is still pending after the process stops, and is delivered
 * (same delivery id) by the next process once the receiver is back.
 */
class AlarmDeliveryRestartTest {
  private final JdbiAlarmStore store = new JdbiAlarmStore();

  @Test
  void pendingDeliveryIsResumedAfterRestart() throws Exception {
    String name = "restart" + UUID.randomUUID().toString().replace("-", "");
    AtomicBoolean up = new AtomicBoolean(false);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(exchange.getRequestHeaders().getFirst(WebhookSender.DELIVERY_ID_HEADER));
          exchange.getRequestBody().readAllBytes();
          // Unavailable during the first process's lifetime, back for the second one.
          exchange.sendResponseHeaders(up.get() ? 200 : 503, -1);
          exchange.close();
        });
    receiver.start();
    int port = receiver.getAddress().getPort();
    Delivery delivery =
        Delivery.pending(
            new AlarmId("a1"),
            "p1",
            Severity.LOW,
            "http://127.0.0.1:" + port + "/hook",
            "{}",
            Optional.empty(),
            Instant.now());
    try {
      try (Database first = Database.open(DatabaseSettings.h2InMemory(name))) {
        first.transactor().run(t -> store.insertDeliveries(t, List.of(delivery)));
        runNotifier(first, InstantSource.system(), notifier -> notifier.submit(List.of(delivery)));
        Delivery stored = find(first, delivery);
        assertThat(stored.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastError()).isEqualTo("HTTP 503");
      }
      assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo(delivery.id().value());
      up.set(true);

      try (Database second = Database.open(DatabaseSettings.h2InMemory(name))) {
        List<Delivery> pending = second.transactor().inTransaction(store::pendingDeliveries);
        assertThat(pending).extracting(Delivery::id).containsExactly(delivery.id());
        // The second process starts after the retry's due time (the backoff is an hour).
        InstantSource later = InstantSource.fixed(Instant.now().plus(Duration.ofHours(2)));
        runNotifier(second, later, notifier -> notifier.resume(pending));
        assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo(delivery.id().value());
        Delivery done = find(second, delivery);
        assertThat(done.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(done.attempts()).isEqualTo(2);
        List<AlarmChange> history =
            second
                .transactor()
                .inTransaction(
                    t -> store.history(t, Optional.of(new AlarmId("a1")), Optional.empty(), 10));
        assertThat(history).extracting(AlarmChange::type).containsExactly(ChangeType.DELIVERY);
        assertThat(history.getFirst().detail()).contains("\"outcome\":\"sent\"");
      }
    } finally {
      receiver.stop(0);
    }
  }

  private Delivery find(Database database, Delivery delivery) {
    return database
        .transactor()
        .inTransaction(t -> store.findDelivery(t, delivery.id()))
        .orElseThrow();
  }

  /** Runs a notifier until its first outcome is journaled, then stops it (a process lifetime). */
  private void runNotifier(
      Database database, InstantSource clock, java.util.function.Consumer<Notifier> work)
      throws InterruptedException {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    StoreDeliveryJournal journal = new StoreDeliveryJournal(database.transactor(), store);
    BlockingQueue<Delivery> outcomes = new LinkedBlockingQueue<>();
    Notifier notifier =
        new Notifier(
            Map.of("http", new WebhookSender(Duration.ofSeconds(2), Duration.ofSeconds(20), 4)),
            (delivery, outcome) -> {
              journal.record(delivery, outcome);
              outcomes.add(delivery);
            },
            new RetryPolicy(5, Duration.ofHours(1), Duration.ofHours(1)),
            scheduler,
            clock);
    work.accept(notifier);
    assertThat(outcomes.poll(30, TimeUnit.SECONDS)).isNotNull();
    notifier.close();
    journal.close();
    scheduler.shutdownNow();
  }
}
