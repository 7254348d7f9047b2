package io.faultline.server.bus;

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
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faultline beside a real OpenStack's message bus: Debian's python3-oslo.messaging publishes as
 * Nova does and a Faultline event alarm fires; a Python oslo.messaging listener hears Faultline's
 * {@code compute.instance.update} for a host-down report. Both on the machine's real RabbitMQ.
 */
class OsloMessagingInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Broker broker;
  private static TestServer server;
  private static HttpServer receiver;
  private static final BlockingQueue<JsonNode> webhooks = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    broker = new Broker();
    server =
        TestServer.start(TestServer.testConfig().withBus(broker.config()), InstantSource.system());
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          webhooks.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() throws Exception {
    receiver.stop(0);
    server.close();
    broker.close();
  }

  private static String hook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  @Test
  void aNotificationPublishedAsNovaDoesFiresTheMatchingEventAlarmExactlyOnce() throws Exception {
    Account tenant = server.newProjectUser("member");
    String instance = UUID.randomUUID().toString();
    String alarm =
        """
        {"name": "vnf-error", "type": "event", "repeat_actions": true, "alarm_actions": ["%s"],
         "event_rule": {"event_type": "compute.instance.update",
           "query": [{"field": "traits.instance_id", "op": "eq", "type": "string", "value": "%s"},
                     {"field": "traits.state", "op": "eq", "type": "string", "value": "error"}]}}
        """
            .formatted(hook(), instance);
    String id =
        server
            .http()
            .post("/alarming/v2/alarms", tenant.token(), alarm)
            .expect(201)
            .json()
            .get("alarm_id")
            .asText();
    String payload =
        JSON.writeValueAsString(
            java.util.Map.of(
                "tenant_id", tenant.projectId(),
                "user_id", tenant.userId(),
                "instance_id", instance,
                "host", "compute-7",
                "state", "error",
                "old_state", "active",
                "state_description", ""));

    PythonOslo.publish(
        "--exchange",
        broker.exchange("nova"),
        "--topic",
        "notifications",
        "--publisher",
        "compute.compute-7",
        "--event-type",
        "compute.instance.update",
        "--payload",
        payload);

    JsonNode webhook = webhooks.poll(60, TimeUnit.SECONDS);
    assertThat(webhook).as("the alarm's webhook").isNotNull();
    assertThat(webhook.get("alarm_id").asText()).isEqualTo(id);
    assertThat(webhook.get("current").asText()).isEqualTo("alarm");
    assertThat(webhook.at("/reason_data/event/traits").toString()).contains(instance);
    // repeat_actions fires on every evaluation: one webhook means one evaluation.
    assertThat(webhooks.poll(2, TimeUnit.SECONDS)).as("a second webhook").isNull();
    JsonNode history =
        server
            .http()
            .get("/alarming/v2/alarms/" + id + "/history", tenant.token())
            .expect(200)
            .json();
    assertThat(
            StreamSupport.stream(history.spliterator(), false)
                .filter(change -> change.get("type").asText().equals("state transition")))
        .hasSize(1);
  }

  @Test
  void aPythonListenerHearsFaultlinesInstanceUpdateForAHostDown() throws Exception {
    String host = "interop-" + UUID.randomUUID().toString().substring(0, 8);
    server.beat(host);
    Account tenant = server.newProjectUser("member");
    String flavor =
        server
            .http()
            .get("/compute/v2.1/flavors", tenant.token())
            .expect(200)
            .json()
            .at("/flavors/0/id")
            .asText();
    String instance =
        server
            .http()
            .post(
                "/compute/v2.1/servers",
                tenant.token(),
                "{\"server\": {\"name\": \"vnf\", \"flavorRef\": \""
                    + flavor
                    + "\", \"imageRef\": \"cirros\"}}")
            .expect(202)
            .json()
            .at("/server/id")
            .asText();
    String pool = broker.prefix() + "-listener";
    try (PythonOslo.Listener listener = PythonOslo.Listener.start(broker.exchange("nova"), pool)) {
      server
          .http()
          .put(
              "/compute/v2.1/os-hosts/" + host,
              server.adminToken(),
              "{\"host_down_reported\": true}")
          .expect(200);

      JsonNode update = awaitInstanceUpdate(listener, instance);
      assertThat(update.get("priority").asText()).isEqualTo("info");
      assertThat(update.at("/payload/state").asText()).isEqualTo("stopped");
      assertThat(update.at("/payload/host").asText()).isEqualTo(host);
      assertThat(update.at("/payload/tenant_id").asText()).isEqualTo(tenant.projectId());
      assertThat(update.at("/metadata/message_id").asText()).isNotBlank();
    } finally {
      broker.deleteQueues(List.of(pool));
    }
  }

  @Test
  void novasVersionedServiceUpdateWithForcedDownIsReportedAndHandledOnce() throws Exception {
    String host = "nova-driven-" + UUID.randomUUID().toString().substring(0, 8);
    server.beat(host);
    String payload =
        JSON.writeValueAsString(
            java.util.Map.of(
                "nova_object.name", "ServiceStatusPayload",
                "nova_object.namespace", "nova",
                "nova_object.version", "1.1",
                "nova_object.data",
                    java.util.Map.of(
                        "host",
                        host,
                        "binary",
                        "nova-compute",
                        "topic",
                        "compute",
                        "disabled",
                        false,
                        "forced_down",
                        true,
                        "report_count",
                        12,
                        "version",
                        66,
                        "availability_zone",
                        "nova")));

    PythonOslo.publish(
        "--exchange",
        broker.exchange("nova"),
        "--publisher",
        "nova-compute:" + host,
        "--event-type",
        "service.update",
        "--payload",
        payload);

    JsonNode fault = awaitHandledFault(host);
    assertThat(fault.get("type").asText()).isEqualTo("compute.host.down");
    assertThat(fault.toString()).contains("nova");
    JsonNode service =
        server
            .http()
            .send(
                "GET",
                "/v2.1/os-services?host=" + host,
                server.adminToken(),
                null,
                java.util.Map.of("X-OpenStack-Nova-API-Version", "2.11"))
            .expect(200)
            .json()
            .at("/services/0");
    assertThat(service.get("forced_down").asBoolean()).isTrue();
    assertThat(service.get("state").asText()).isEqualTo("down");
    // Faultline's own service.update for the host went out and came back: no second fault.
    Thread.sleep(1000);
    assertThat(faultsFor(host)).hasSize(1);
  }

  @Test
  void novasVersionedServiceUpdateWithDisabledPutsTheHostInMaintenanceAndOutAgain()
      throws Exception {
    String host = "nova-disabled-" + UUID.randomUUID().toString().substring(0, 8);
    server.beat(host);
    publishServiceUpdate(host, true, "replacing a DIMM");
    JsonNode on = awaitFault(host, "host.maintenance.on");
    assertThat(on.get("status").asText()).isEqualTo("handled");
    assertThat(on.toString()).contains("replacing a DIMM");
    JsonNode service = service(host);
    assertThat(service.get("status").asText()).isEqualTo("disabled");
    assertThat(service.get("disabled_reason").asText()).isEqualTo("replacing a DIMM");
    assertThat(service.get("forced_down").asBoolean()).isFalse();

    publishServiceUpdate(host, false, null);
    awaitFault(host, "host.maintenance.off");
    assertThat(service(host).get("status").asText()).isEqualTo("enabled");
    // Never fenced nor forced down: the only faults of the host are the two maintenance records.
    assertThat(faultsFor(host))
        .extracting(fault -> fault.get("type").asText())
        .containsExactlyInAnyOrder("host.maintenance.on", "host.maintenance.off");
  }

  private static void publishServiceUpdate(String host, boolean disabled, String reason)
      throws Exception {
    java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("host", host);
    data.put("binary", "nova-compute");
    data.put("topic", "compute");
    data.put("disabled", disabled);
    data.put("disabled_reason", reason);
    data.put("forced_down", false);
    data.put("report_count", 12);
    data.put("version", 66);
    data.put("availability_zone", "nova");
    data.put("last_seen_up", "2026-11-30T03:00:00Z");
    data.put("uuid", UUID.randomUUID().toString());
    PythonOslo.publish(
        "--exchange",
        broker.exchange("nova"),
        "--publisher",
        "nova-compute:" + host,
        "--event-type",
        "service.update",
        "--payload",
        JSON.writeValueAsString(
            java.util.Map.of(
                "nova_object.name", "ServiceStatusPayload",
                "nova_object.namespace", "nova",
                "nova_object.version", "1.1",
                "nova_object.data", data)));
  }

  private static JsonNode service(String host) {
    return server
        .http()
        .send(
            "GET",
            "/v2.1/os-services?host=" + host,
            server.adminToken(),
            null,
            java.util.Map.of("X-OpenStack-Nova-API-Version", "2.11"))
        .expect(200)
        .json()
        .at("/services/0");
  }

  private static JsonNode awaitFault(String host, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (JsonNode fault : faultsFor(host)) {
        if (fault.get("type").asText().equals(type)) {
          return fault;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + type + " fault for " + host + ": " + faultsFor(host));
  }

  private static List<JsonNode> faultsFor(String host) {
    List<JsonNode> faults = new java.util.ArrayList<>();
    for (JsonNode fault :
        server.http().get("/v1/faults", server.adminToken()).expect(200).json().get("faults")) {
      if (fault.get("hostname").asText().equals(host)) {
        faults.add(fault);
      }
    }
    return faults;
  }

  private static JsonNode awaitHandledFault(String host) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (JsonNode fault : faultsFor(host)) {
        if (fault.get("status").asText().equals("handled")) {
          return fault;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no handled fault for " + host + ": " + faultsFor(host));
  }

  private static JsonNode awaitInstanceUpdate(PythonOslo.Listener listener, String instance)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<String> seen = new java.util.ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = listener.lines().poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode notification = JSON.readTree(line.getBytes(StandardCharsets.UTF_8));
      if (notification.get("event_type").asText().equals("compute.instance.update")
          && notification.at("/payload/instance_id").asText().equals(instance)) {
        return notification;
      }
    }
    throw new AssertionError("no compute.instance.update for " + instance + "; heard " + seen);
  }
}
