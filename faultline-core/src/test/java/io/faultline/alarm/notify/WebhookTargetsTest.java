package io.faultline.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.Severity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real loopback receivers: one inside the allowed targets that redirects, one outside. */
class WebhookTargetsTest {
  private HttpServer inside;
  private HttpServer outside;
  private final AtomicInteger insideCalls = new AtomicInteger();
  private final AtomicInteger outsideCalls = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    outside =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 0), 0);
    outside.createContext(
        "/",
        exchange -> {
          outsideCalls.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    outside.start();
    inside = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    inside.createContext(
        "/",
        exchange -> {
          insideCalls.incrementAndGet();
          exchange
              .getResponseHeaders()
              .add("Location", "http://127.0.0.2:" + outside.getAddress().getPort() + "/stolen");
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });
    inside.start();
  }

  @AfterEach
  void stop() {
    inside.stop(0);
    outside.stop(0);
  }

  private static Delivery delivery(String action) {
    return Delivery.pending(
        new AlarmId("a1"), "p1", Severity.LOW, action, "{}", Optional.empty(), Instant.now());
  }

  private final WebhookSender sender =
      new WebhookSender(
          WebhookSender.defaultClient(Duration.ofSeconds(10)),
          Duration.ofSeconds(30),
          ActionTargets.of(List.of("127.0.0.1")));

  @Test
  void aRedirectOutOfTheListIsNeverFollowed() throws Exception {
    DeliveryOutcome outcome =
        sender
            .send(delivery("http://127.0.0.1:" + inside.getAddress().getPort() + "/hook"))
            .get(60, TimeUnit.SECONDS);
    assertThat(insideCalls.get()).isEqualTo(1);
    assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
    assertThat(outsideCalls.get()).isZero();
  }

  @Test
  void aTargetOutsideTheListIsNotCalledEvenIfTheAlarmPredatesTheList() throws Exception {
    DeliveryOutcome outcome =
        sender
            .send(delivery("http://127.0.0.2:" + outside.getAddress().getPort() + "/hook"))
            .get(60, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(DeliveryOutcome.Permanent.class);
    assertThat(((DeliveryOutcome.Permanent) outcome).reason()).contains("not allowed");
    assertThat(outsideCalls.get()).isZero();
  }
}
