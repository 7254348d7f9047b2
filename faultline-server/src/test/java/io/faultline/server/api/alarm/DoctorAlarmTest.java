package io.faultline.server.api.alarm;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Doctor loop through the public APIs only: a tenant's event alarm on its instance, an admin's
 * host-down report, the webhook at the tenant's receiver; another project's alarm stays quiet.
 */
class DoctorAlarmTest {
  private static TestServer server;
  private static HttpServer receiver;
  private static final BlockingQueue<String> webhooks = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          webhooks.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    server.close();
  }

  @Test
  void hostDownReportFiresTheTenantsAlarm() throws Exception {
    server
        .http()
        .post(
            "/v1/agents/heartbeat",
            server.adminToken(),
            "{\"host\": \"compute-doctor\", \"binary\": \"nova-compute\"}")
        .expect(200);
    Account tenant = server.newProjectUser("member");
    Account other = server.newProjectUser("member");
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
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    String alarm =
        """
        {"name": "vnf-down", "type": "notification", "resource_id": "%s", "alarm_actions": ["%s"],
         "notification_rule": {"event_type": "compute.instance.update",
           "query": [{"field": "traits.state", "op": "eq", "type": "string", "value": "stopped"}]}}
        """;
    String id =
        server
            .http()
            .post("/alarming/v2/alarms", tenant.token(), alarm.formatted(instance, hook))
            .expect(201)
            .json()
            .get("alarm_id")
            .asText();
    String otherId =
        server
            .http()
            .post("/alarming/v2/alarms", other.token(), alarm.formatted(instance, hook))
            .expect(201)
            .json()
            .get("alarm_id")
            .asText();

    server
        .http()
        .put(
            "/compute/v2.1/os-hosts/compute-doctor",
            server.adminToken(),
            "{\"host_down_reported\": true}")
        .expect(200);

    String webhook = webhooks.poll(30, TimeUnit.SECONDS);
    assertThat(webhook).isNotNull();
    JsonNode body = new ObjectMapper().readTree(webhook);
    assertThat(body.get("alarm_id").asText()).isEqualTo(id);
    assertThat(body.get("current").asText()).isEqualTo("alarm");
    assertThat(
            server
                .http()
                .get("/alarming/v2/alarms/" + id, tenant.token())
                .expect(200)
                .json()
                .get("state")
                .asText())
        .isEqualTo("alarm");
    assertThat(
            server
                .http()
                .get("/alarming/v2/alarms/" + otherId, other.token())
                .expect(200)
                .json()
                .get("state")
                .asText())
        .isEqualTo("insufficient data");
    assertThat(webhooks.poll(200, TimeUnit.MILLISECONDS)).isNull();
    JsonNode history =
        server
            .http()
            .get("/alarming/v2/alarms/" + id + "/history", tenant.token())
            .expect(200)
            .json();
    assertThat(StreamSupport.stream(history.spliterator(), false).map(h -> h.get("type").asText()))
        .contains("creation", "state transition");
  }
}
