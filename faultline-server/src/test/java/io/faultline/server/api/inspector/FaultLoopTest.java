package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole Doctor loop, black box: a raw fault in the sample monitor's format reaches the
 * inspector, the host is forced down, its instances stopped and its ports' data plane set down,
 * each tenant's event alarm fires, and every webhook reaches the consumer with the fault's id; the
 * fault's timeline then holds all eight stages.
 */
class FaultLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static HttpServer consumer;
  private static final BlockingQueue<Webhook> webhooks = new LinkedBlockingQueue<>();

  private record Webhook(String faultIdHeader, String deliveryId, JsonNode body) {}

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    consumer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    consumer.createContext(
        "/vnfm",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          webhooks.add(
              new Webhook(
                  exchange.getRequestHeaders().getFirst("X-Faultline-Fault-Id"),
                  exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"),
                  JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    consumer.start();
  }

  @AfterAll
  static void stop() {
    consumer.stop(0);
    server.close();
  }

  @Test
  void rawFaultToEveryConsumersWebhook() throws Exception {
    String admin = server.adminToken();
    server.beat("doctor-1");
    Account tenant = server.newProjectUser("member");
    String hook = "http://127.0.0.1:" + consumer.getAddress().getPort() + "/vnfm";
    Set<String> alarms = new HashSet<>();
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String instance =
          server
              .http()
              .post(
                  "/v2.1/servers",
                  tenant.token(),
                  "{\"server\": {\"name\": \"vnf-"
                      + i
                      + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\"}}")
              .expect(202)
              .json()
              .at("/server/id")
              .asText();
      instances.add(instance);
      String alarm =
          """
          {"name": "vnf-%d-down", "type": "event", "alarm_actions": ["%s"],
           "event_rule": {"event_type": "compute.instance.update",
             "query": [{"field": "traits.instance_id", "op": "eq", "type": "string", "value": "%s"},
                       {"field": "traits.state", "op": "eq", "type": "string", "value": "stopped"}]}}
          """
              .formatted(i, hook, instance);
      alarms.add(
          server
              .http()
              .post("/v2/alarms", tenant.token(), alarm)
              .expect(201)
              .json()
              .get("alarm_id")
              .asText());
    }
    String network =
        server
            .http()
            .post("/v2.0/networks", admin, "{\"network\": {\"name\": \"doctor-net\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    String port =
        server
            .http()
            .post(
                "/v2.0/ports",
                admin,
                "{\"port\": {\"network_id\": \""
                    + network
                    + "\", \"binding:host_id\": \"doctor-1\"}}")
            .expect(201)
            .json()
            .at("/port/id")
            .asText();

    String faultId =
        server
            .http()
            .put(
                "/v1/events",
                admin,
                """
                [{"id": "monitor_sample_id1", "time": "2026-11-25T08:00:00.000000",
                  "type": "compute.host.down",
                  "details": {"hostname": "doctor-1", "status": "down",
                              "monitor": "monitor_sample", "monitor_event_id": "e1"}}]
                """)
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();

    Set<String> notified = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Webhook webhook = webhooks.poll(30, TimeUnit.SECONDS);
      assertThat(webhook).as("webhook %d of 3", i + 1).isNotNull();
      assertThat(webhook.faultIdHeader()).isEqualTo(faultId);
      assertThat(webhook.deliveryId()).isNotBlank();
      assertThat(webhook.body().get("current").asText()).isEqualTo("alarm");
      assertThat(webhook.body().at("/reason_data/fault_id").asText()).isEqualTo(faultId);
      notified.add(webhook.body().get("alarm_id").asText());
    }
    assertThat(notified).isEqualTo(alarms);
    assertThat(webhooks.poll(200, TimeUnit.MILLISECONDS)).isNull();

    for (String instance : instances) {
      assertThat(
              server
                  .http()
                  .get("/v2.1/servers/" + instance, tenant.token())
                  .json()
                  .at("/server/OS-EXT-STS:vm_state")
                  .asText())
          .isEqualTo("stopped");
    }
    assertThat(
            server
                .http()
                .get("/v2.0/ports/" + port, admin)
                .json()
                .at("/port/data_plane_status")
                .asText())
        .isEqualTo("DOWN");

    JsonNode fault = awaitAcknowledged(faultId);
    List<String> stages = new ArrayList<>();
    fault.get("timeline").forEach(stage -> stages.add(stage.get("stage").asText()));
    assertThat(stages).containsExactly("T0", "T1", "T2", "T3", "T4", "T5", "T6", "T7");
    // Compute's and network's transactions and the alarm chain overlap in time, so the stages are
    // ordered within each chain: fence before commits, commit before publication, evaluation
    // before sending, sending before acknowledgement.
    assertOrdered(fault, "T1", "T2", "T3", "T4");
    assertOrdered(fault, "T2", "T5", "T6", "T7");
    Set<String> affectedAlarms = new HashSet<>();
    fault.at("/affected/alarms").forEach(id -> affectedAlarms.add(id.asText()));
    assertThat(affectedAlarms).isEqualTo(alarms);
    assertThat(fault.at("/affected/instances")).hasSize(3);
    assertThat(fault.at("/affected/ports").get(0).asText()).isEqualTo(port);
  }

  private static void assertOrdered(JsonNode fault, String... stages) {
    double previous = Double.NEGATIVE_INFINITY;
    for (String stage : stages) {
      double at = -1;
      for (JsonNode entry : fault.get("timeline")) {
        if (entry.get("stage").asText().equals(stage)) {
          at = entry.get("ms_since_detected").asDouble();
        }
      }
      assertThat(at).as("%s in %s", stage, fault.get("timeline")).isGreaterThanOrEqualTo(previous);
      previous = at;
    }
  }

  /**
   * Waits until all eight stages are stamped and the last acknowledgement follows the last send.
   */
  private static JsonNode awaitAcknowledged(String faultId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonNode fault = null;
    while (System.nanoTime() < deadline) {
      fault = server.http().get("/v1/faults/" + faultId, server.adminToken()).json().get("fault");
      JsonNode timeline = fault.get("timeline");
      if (timeline.size() == 8
          && timeline.get(7).get("at").asText().compareTo(timeline.get(6).get("at").asText())
              >= 0) {
        return fault;
      }
      Thread.sleep(5);
    }
    return fault;
  }
}
