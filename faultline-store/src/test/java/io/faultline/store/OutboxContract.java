package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.bus.Bus;
import io.faultline.bus.DeduplicatingSubscriber;
import io.faultline.bus.InProcessBus;
import io.faultline.bus.Notification;
import io.faultline.bus.Outbox;
import io.faultline.bus.OutboxRelay;
import io.faultline.bus.Subscriber;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transactional outbox's contract on every engine. */
abstract class OutboxContract {
  private Database database;
  private JdbiOutbox outbox;

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
    outbox = new JdbiOutbox(database);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private static Notification notification(String type) {
    return Notification.info(
        "compute.host1",
        type,
        Map.of("instance_id", "i1", "nested", Map.of("list", List.of(1, "two", true))),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void aTransactionsNotificationsRoundTripAsOneBatchInOrder() {
    Notification first = notification("a");
    Notification second = notification("b");
    Notification third = notification("c");
    Outbox.Batch one =
        database.transactor().inTransaction(tx -> outbox.add(tx, List.of(first, second)));
    Outbox.Batch two = database.transactor().inTransaction(tx -> outbox.add(tx, List.of(third)));
    assertThat(outbox.pending(10)).containsExactly(one, two);
    assertThat(outbox.pending(10).get(0).notifications()).containsExactly(first, second);
    outbox.markPublished(List.of(one.id()));
    assertThat(outbox.pending(10)).containsExactly(two);
    assertThat(outbox.pending(1)).hasSize(1);
  }

  @Test
  void aRolledBackChangeLeavesNoNotification() {
    assertThatThrownBy(
            () ->
                database
                    .transactor()
                    .run(
                        tx -> {
                          outbox.add(tx, List.of(notification("a")));
                          throw new IllegalStateException("rollback");
                        }))
        .hasMessage("rollback");
    assertThat(outbox.pending(10)).isEmpty();
  }

  @Test
  void publishedRightAfterCommitAndRemovedFromTheOutbox() throws Exception {
    List<Notification> received = new CopyOnWriteArrayList<>();
    try (Bus bus = new InProcessBus();
        OutboxRelay relay = new OutboxRelay(outbox, bus)) {
      bus.subscribe("test", received::add);
      Notification notification = notification("a");
      database.transactor().run(tx -> relay.enqueue(tx, List.of(notification)));
      awaitSize(received, 1);
      assertThat(received).containsExactly(notification);
    }
    assertThat(outbox.pending(10)).isEmpty();
  }

  @Test
  void afterACrashUnpublishedNotificationsAreReplayedOnceToDeduplicatingSubscribers()
      throws Exception {
    Notification lost = notification("lost");
    // The process died after committing but before publishing: the row is all that remains.
    database.transactor().run(tx -> outbox.add(tx, List.of(lost)));
    List<Notification> received = new CopyOnWriteArrayList<>();
    try (Bus bus = new InProcessBus();
        OutboxRelay relay = new OutboxRelay(outbox, bus)) {
      bus.subscribe("test", new DeduplicatingSubscriber(received::add, 100));
      bus.publish(lost); // delivered once before the crash, say
      assertThat(relay.replay()).isEqualTo(1);
      bus.publish(notification("after"));
      awaitSize(received, 2);
      assertThat(received).extracting(Notification::eventType).containsExactly("lost", "after");
    }
    assertThat(outbox.pending(10)).isEmpty();
  }

  @Test
  void aBatchLeavesTheOutboxOnlyOnceEverySubscriberHasProcessedIt() throws Exception {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    List<Notification> received = new CopyOnWriteArrayList<>();
    try (Bus bus = new InProcessBus();
        OutboxRelay relay = new OutboxRelay(outbox, bus)) {
      bus.subscribe("fast", notification -> {});
      bus.subscribe("durable", acknowledgingLater(received, durable));
      database.transactor().run(tx -> relay.enqueue(tx, List.of(notification("a"))));
      awaitSize(received, 1);
      // Processed by one subscriber, still being made durable by the other: it stays.
      assertThat(outbox.pending(10)).hasSize(1);
      durable.complete(null);
      awaitEmpty();
    }
  }

  @Test
  void aBatchWhoseProcessingFailedStaysAndIsReplayedAtTheNextStart() throws Exception {
    CompletableFuture<Void> failed = new CompletableFuture<>();
    failed.completeExceptionally(new IllegalStateException("store down"));
    List<Notification> received = new CopyOnWriteArrayList<>();
    Notification notification = notification("a");
    try (Bus bus = new InProcessBus();
        OutboxRelay relay = new OutboxRelay(outbox, bus)) {
      bus.subscribe("failing", acknowledgingLater(received, failed));
      database.transactor().run(tx -> relay.enqueue(tx, List.of(notification)));
      awaitSize(received, 1);
    }
    assertThat(outbox.pending(10)).hasSize(1);

    List<Notification> replayed = new CopyOnWriteArrayList<>();
    try (Bus bus = new InProcessBus();
        OutboxRelay relay = new OutboxRelay(outbox, bus)) {
      bus.subscribe("working", replayed::add);
      assertThat(relay.replay()).isEqualTo(1);
      assertThat(replayed).containsExactly(notification);
    }
    assertThat(outbox.pending(10)).isEmpty();
  }

  /** A subscriber that sees each batch at once and acknowledges it when {@code done} completes. */
  private static Subscriber acknowledgingLater(
      List<Notification> received, CompletableFuture<Void> done) {
    return new Subscriber() {
      @Override
      public void onNotification(Notification notification) {
        received.add(notification);
      }

      @Override
      public CompletableFuture<Void> onBatch(List<Notification> batch) {
        received.addAll(batch);
        return done;
      }
    };
  }

  private void awaitEmpty() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!outbox.pending(10).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(outbox.pending(10)).isEmpty();
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(50); // and nothing more arrives
    assertThat(list).hasSize(size);
  }
}
