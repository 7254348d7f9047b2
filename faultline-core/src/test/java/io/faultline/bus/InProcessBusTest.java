package io.faultline.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InProcessBusTest {
  private static Notification notification(String type) {
    return Notification.info("test", type, Map.of(), Instant.EPOCH);
  }

  @Test
  void everySubscriberSeesEveryNotificationInOrder() throws Exception {
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(2);
    try (Bus bus = new InProcessBus()) {
      bus.subscribe("first", n -> record(first, n, done));
      bus.subscribe("second", n -> record(second, n, done));
      for (int i = 0; i < 100; i++) {
        bus.publish(notification("e" + i));
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(first).hasSize(100).isEqualTo(second);
    assertThat(first.get(0)).isEqualTo("e0");
    assertThat(first.get(99)).isEqualTo("e99");
  }

  private static void record(List<String> into, Notification n, CountDownLatch done) {
    into.add(n.eventType());
    if (into.size() == 100) {
      done.countDown();
    }
  }

  @Test
  void aStuckSubscriberDoesNotDelayAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch fastGotIt = new CountDownLatch(1);
    try (Bus bus = new InProcessBus()) {
      bus.subscribe(
          "stuck",
          n -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      bus.subscribe("fast", n -> fastGotIt.countDown());
      bus.publish(notification("x"));
      assertThat(fastGotIt.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
    }
  }

  @Test
  void closeLeavesTheBatchUnderWayUninterruptedAndDropsWhatWaits() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    List<String> seen = new CopyOnWriteArrayList<>();
    InProcessBus bus = new InProcessBus(Duration.ofMillis(100));
    bus.subscribe(
        "busy",
        n -> {
          seen.add(n.eventType());
          busy.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        });
    CompletableFuture<Void> underWay = bus.publishBatch(List.of(notification("under-way")));
    CompletableFuture<Void> waiting = bus.publishBatch(List.of(notification("waiting")));
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

    bus.close(); // returns after its wait, the subscriber still busy
    assertThat(underWay).isNotDone();
    release.countDown();

    underWay.get(10, TimeUnit.SECONDS); // it finished, uninterrupted, and was acknowledged
    assertThat(interrupted).as("the subscriber was interrupted").isFalse();
    assertThat(seen).containsExactly("under-way");
    // The waiting batch was never handed over: unacknowledged, it stays in the outbox.
    assertThat(waiting).isNotDone();
  }

  @Test
  void aFailingSubscriberKeepsReceiving() throws Exception {
    CountDownLatch second = new CountDownLatch(1);
    try (Bus bus = new InProcessBus()) {
      bus.subscribe(
          "flaky",
          n -> {
            if (n.eventType().equals("bad")) {
              throw new IllegalStateException("boom");
            }
            second.countDown();
          });
      bus.publish(notification("bad"));
      bus.publish(notification("good"));
      assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void namesAreUnique() {
    try (Bus bus = new InProcessBus()) {
      bus.subscribe("a", n -> {});
      assertThatThrownBy(() -> bus.subscribe("a", n -> {})).hasMessageContaining("a");
    }
  }

  @Test
  void deduplicationDropsRepeatsWithinItsWindow() {
    List<String> seen = new CopyOnWriteArrayList<>();
    DeduplicatingSubscriber subscriber =
        new DeduplicatingSubscriber(n -> seen.add(n.messageId()), 2);
    Notification a = notification("a");
    Notification b = notification("b");
    Notification c = notification("c");
    subscriber.onNotification(a);
    subscriber.onNotification(a);
    subscriber.onNotification(b);
    subscriber.onNotification(c); // evicts a
    subscriber.onNotification(b);
    subscriber.onNotification(a);
    assertThat(seen).containsExactly(a.messageId(), b.messageId(), c.messageId(), a.messageId());
  }

  @Test
  void notificationsCopyTheirPayloadDeeply() {
    java.util.Map<String, Object> nested = new java.util.HashMap<>();
    nested.put("k", "v");
    java.util.Map<String, Object> payload = new java.util.HashMap<>();
    payload.put("nested", nested);
    Notification notification = Notification.info("p", "t", payload, Instant.EPOCH);
    nested.put("k", "changed");
    assertThat(notification.payload()).isEqualTo(Map.of("nested", Map.of("k", "v")));
    assertThatThrownBy(() -> notification.payload().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
