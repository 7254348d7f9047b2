package io.faultline.server.api.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.faultline.bus.Notification;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.config.AlarmConfig;
import io.faultline.server.config.FaultlineConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * At-least-once across a restart: a webhook whose receiver is down stays pending when the server
 * stops, and the next server (same database) delivers it with the same delivery id.
 */
class AlarmRestartTest {
  @Test
  void pendingWebhookIsDeliveredByTheNextServer() throws Exception {
    AtomicBoolean up = new AtomicBoolean(false);
    BlockingQueue<String> failed = new LinkedBlockingQueue<>();
    BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String id = exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id");
          boolean ok = up.get();
          exchange.sendResponseHeaders(ok ? 200 : 503, -1);
          exchange.close();
          (ok ? delivered : failed).add(id);
        });
    receiver.start();
    FaultlineConfig config =
        TestServer.testConfig()
            .withAlarm(
                new AlarmConfig(
                    null,
                    new AlarmConfig.Notifier(
                        1000, Duration.ofMillis(50), Duration.ofMillis(200), null, null),
                    null,
                    null));
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    String alarmId;
    String deliveryId;
    try {
      try (TestServer first = TestServer.start(config, InstantSource.system())) {
        Account tenant = first.newProjectUser("member");
        String body =
            """
            {"name": "r", "type": "event", "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update"}}
            """
                .formatted(hook);
        alarmId =
            first
                .http()
                .post("/alarming/v2/alarms", tenant.token(), body)
                .expect(201)
                .json()
                .get("alarm_id")
                .asText();
        first
            .context()
            .bus()
            .publish(
                Notification.info(
                    "compute.h",
                    "compute.instance.update",
                    Map.of(
                        "instance_id", "vm-1", "tenant_id", tenant.projectId(), "state", "error"),
                    Instant.now()));
        deliveryId = failed.poll(30, TimeUnit.SECONDS);
        assertThat(deliveryId).isNotNull();
      }
      up.set(true);
      try (TestServer second = TestServer.start(config, InstantSource.system())) {
        assertThat(delivered.poll(30, TimeUnit.SECONDS)).isEqualTo(deliveryId);
        JsonNode history = awaitDelivery(second, alarmId);
        assertThat(history.get("detail").asText())
            .contains("\"outcome\":\"sent\"", "\"delivery_id\":\"" + deliveryId + "\"");
      }
    } finally {
      receiver.stop(0);
    }
  }

  private static JsonNode awaitDelivery(TestServer server, String alarmId)
      throws InterruptedException {
    // The outcome is journaled in the background right after the webhook returns.
    for (int i = 0; i < 300; i++) {
      for (JsonNode change :
          server
              .http()
              .get("/alarming/v2/alarms/" + alarmId + "/history", server.adminToken())
              .expect(200)
              .json()) {
        if (change.get("type").asText().equals("delivery")) {
          return change;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no delivery in the history of " + alarmId);
  }
}
