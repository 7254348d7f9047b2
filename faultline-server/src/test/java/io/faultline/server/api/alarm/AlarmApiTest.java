package io.faultline.server.api.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.bus.Notification;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box: the real server, a real HTTP client, a loopback webhook receiver. */
class AlarmApiTest {
  private static TestServer server;
  private static HttpServer receiver;
  private static final BlockingQueue<Map<String, String>> webhooks = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          webhooks.add(
              Map.of(
                  "body", body,
                  "delivery",
                      String.valueOf(
                          exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id")),
                  "fault",
                      String.valueOf(
                          exchange.getRequestHeaders().getFirst("X-Faultline-Fault-Id"))));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    server.close();
  }

  private static String hook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private static String eventAlarm(String type, String instance) {
    String rule = type.equals("notification") ? "notification_rule" : "event_rule";
    return """
        {"name": "vm-down", "type": "%s", "severity": "critical", "alarm_actions": ["%s"],
         "%s": {"event_type": "compute.instance.update",
           "query": [{"field": "traits.instance_id", "op": "eq", "type": "string", "value": "%s"},
                     {"field": "traits.state", "op": "eq", "type": "string", "value": "stopped"}]}}
        """
        .formatted(type, hook(), rule, instance);
  }

  private static void publishInstanceStopped(String project, String instance) {
    server
        .context()
        .bus()
        .publish(
            Notification.info(
                "compute.compute1",
                "compute.instance.update",
                Map.of(
                    "instance_id", instance,
                    "tenant_id", project,
                    "state", "stopped",
                    "old_state", "active",
                    "host", "compute1",
                    "fault_id", "fault-7"),
                Instant.now()));
  }

  @Test
  void notificationToWebhookEndToEnd() throws Exception {
    Account tenant = server.newProjectUser("member");
    JsonNode alarm =
        server
            .http()
            .post("/alarming/v2/alarms", tenant.token(), eventAlarm("event", "vm-1"))
            .expect(201)
            .json();
    String id = alarm.get("alarm_id").asText();
    assertThat(alarm.get("state").asText()).isEqualTo("insufficient data");
    assertThat(alarm.get("time_constraints").isArray()).isTrue();

    publishInstanceStopped(tenant.projectId(), "vm-1");

    Map<String, String> webhook = webhooks.poll(30, TimeUnit.SECONDS);
    assertThat(webhook).isNotNull();
    JsonNode body = new ObjectMapper().readTree(webhook.get("body"));
    assertThat(body.get("alarm_id").asText()).isEqualTo(id);
    assertThat(body.get("alarm_name").asText()).isEqualTo("vm-down");
    assertThat(body.get("severity").asText()).isEqualTo("critical");
    assertThat(body.get("previous").asText()).isEqualTo("insufficient data");
    assertThat(body.get("current").asText()).isEqualTo("alarm");
    assertThat(body.at("/reason_data/event/event_type").asText())
        .isEqualTo("compute.instance.update");
    assertThat(webhook.get("fault")).isEqualTo("fault-7");
    assertThat(webhook.get("delivery")).isNotEqualTo("null");

    assertThat(
            server
                .http()
                .get("/alarming/v2/alarms/" + id + "/state", tenant.token())
                .expect(200)
                .json()
                .asText())
        .isEqualTo("alarm");
    JsonNode history = awaitHistory(id, tenant.token(), 3);
    assertThat(StreamSupport.stream(history.spliterator(), false).map(h -> h.get("type").asText()))
        .containsExactlyInAnyOrder("creation", "state transition", "delivery");
  }

  private static JsonNode awaitHistory(String id, String token, int entries)
      throws InterruptedException {
    // The delivery outcome is journaled asynchronously; poll until it is there.
    for (int i = 0; i < 300; i++) {
      JsonNode history =
          server.http().get("/alarming/v2/alarms/" + id + "/history", token).expect(200).json();
      if (history.size() >= entries) {
        return history;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("history of " + id + " never reached " + entries + " entries");
  }

  /** Aodh's alarm keys in the order shown, the rule's key after {@code type}. */
  private static List<String> alarmKeys(String ruleKey) {
    return List.of(
        "alarm_id",
        "name",
        "description",
        "type",
        ruleKey,
        "enabled",
        "state",
        "state_reason",
        "severity",
        "ok_actions",
        "alarm_actions",
        "insufficient_data_actions",
        "repeat_actions",
        "time_constraints",
        "project_id",
        "user_id",
        "resource_id",
        "timestamp",
        "state_timestamp",
        "evaluate_timestamp");
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void alarmBodiesHaveAodhsExactKeysAndTypesOnEveryRouteAndInTheCreationDetail() throws Exception {
    Account tenant = server.newProjectUser("member");
    String body =
        eventAlarm("event", "vm-keys")
            .replaceFirst(
                "\\{",
                "{\"time_constraints\": [{\"name\": \"office\", \"start\": \"0 9 * * *\","
                    + " \"duration\": 3600}], ");
    JsonNode created =
        server.http().post("/alarming/v2/alarms", tenant.token(), body).expect(201).json();
    String id = created.get("alarm_id").asText();
    List<String> eventKeys = alarmKeys("event_rule");
    assertThat(keys(created)).containsExactlyElementsOf(eventKeys);
    assertThat(created.get("enabled").isBoolean()).isTrue();
    assertThat(created.get("repeat_actions").isBoolean()).isTrue();
    assertThat(created.get("ok_actions").isArray()).isTrue();
    assertThat(created.get("resource_id").isNull()).isTrue();
    assertThat(created.get("evaluate_timestamp").isNull()).isTrue();
    assertThat(created.get("state_timestamp").isTextual()).isTrue();
    assertThat(keys(created.get("event_rule"))).containsExactly("event_type", "query");
    assertThat(keys(created.at("/event_rule/query/0")))
        .containsExactly("field", "op", "type", "value");
    assertThat(created.at("/event_rule/query/0/value").isTextual()).isTrue();
    JsonNode constraint = created.at("/time_constraints/0");
    assertThat(keys(constraint))
        .containsExactly("name", "description", "start", "duration", "timezone");
    assertThat(constraint.get("duration").isIntegralNumber()).isTrue();
    assertThat(constraint.get("timezone").asText()).isEmpty();

    JsonNode shown =
        server.http().get("/alarming/v2/alarms/" + id, tenant.token()).expect(200).json();
    assertThat(shown).isEqualTo(created);
    JsonNode listed =
        server
            .http()
            .get("/alarming/v2/alarms?q.field=alarm_id&q.value=" + id, tenant.token())
            .expect(200)
            .json();
    assertThat(listed).containsExactly(created);
    JsonNode queried =
        server
            .http()
            .post(
                "/alarming/v2/query/alarms",
                tenant.token(),
                "{\"filter\": \"{\\\"=\\\": {\\\"alarm_id\\\": \\\"" + id + "\\\"}}\"}")
            .expect(200)
            .json();
    assertThat(queried).containsExactly(created);

    JsonNode history =
        server
            .http()
            .get("/alarming/v2/alarms/" + id + "/history", tenant.token())
            .expect(200)
            .json();
    JsonNode creation =
        new ObjectMapper()
            .readTree(
                StreamSupport.stream(history.spliterator(), false)
                    .filter(entry -> entry.get("type").asText().equals("creation"))
                    .findFirst()
                    .orElseThrow()
                    .get("detail")
                    .asText());
    assertThat(keys(creation)).containsExactlyElementsOf(eventKeys.subList(0, 19));

    JsonNode notification =
        server
            .http()
            .post("/alarming/v2/alarms", tenant.token(), eventAlarm("notification", "vm-keys"))
            .expect(201)
            .json();
    assertThat(keys(notification)).containsExactlyElementsOf(alarmKeys("notification_rule"));
  }

  @Test
  void seedNotificationSpellingIsAcceptedAndShownBack() {
    Account tenant = server.newProjectUser("member");
    JsonNode alarm =
        server
            .http()
            .post("/alarming/v2/alarms", tenant.token(), eventAlarm("notification", "vm-2"))
            .expect(201)
            .json();
    assertThat(alarm.get("type").asText()).isEqualTo("notification");
    assertThat(alarm.at("/notification_rule/event_type").asText())
        .isEqualTo("compute.instance.update");
    assertThat(alarm.has("event_rule")).isFalse();
  }

  @Test
  void anotherProjectNeverSeesTheAlarm() {
    Account owner = server.newProjectUser("member");
    Account other = server.newProjectUser("member");
    String id =
        server
            .http()
            .post("/alarming/v2/alarms", owner.token(), eventAlarm("event", "vm-3"))
            .expect(201)
            .json()
            .get("alarm_id")
            .asText();

    Reply hidden = server.http().get("/alarming/v2/alarms/" + id, other.token());
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.json().at("/error_message/faultstring").asText())
        .isEqualTo("Alarm " + id + " not found");
    assertThat(server.http().delete("/alarming/v2/alarms/" + id, other.token()).status())
        .isEqualTo(404);
    assertThat(server.http().get("/alarming/v2/alarms/" + id + "/history", other.token()).status())
        .isEqualTo(404);
    assertThat(server.http().get("/alarming/v2/alarms", other.token()).expect(200).json())
        .isEmpty();
    assertThat(
            server
                .http()
                .get("/alarming/v2/alarms?q.field=all_projects&q.op=eq&q.value=true", other.token())
                .status())
        .isEqualTo(403);
    JsonNode all =
        server
            .http()
            .get(
                "/alarming/v2/alarms?q.field=all_projects&q.op=eq&q.value=true",
                server.adminToken())
            .expect(200)
            .json();
    assertThat(StreamSupport.stream(all.spliterator(), false).map(a -> a.get("alarm_id").asText()))
        .contains(id);
  }

  @Test
  void badBodiesAreRefusedNamingTheProblem() {
    Account tenant = server.newProjectUser("member");
    assertThat(
            fault(
                server
                    .http()
                    .post(
                        "/alarming/v2/alarms",
                        tenant.token(),
                        "{\"name\": \"t\", \"type\": \"threshold\", \"threshold_rule\": {}}")))
        .contains("Unsupported alarm type: 'threshold'", "supported types: event, notification");
    assertThat(
            fault(
                server
                    .http()
                    .post(
                        "/alarming/v2/alarms",
                        tenant.token(),
                        "{\"type\": \"event\", \"event_rule\": {}}")))
        .contains("'name' is a required property");
    assertThat(
            fault(
                server
                    .http()
                    .post(
                        "/alarming/v2/alarms",
                        tenant.token(),
                        "{\"name\": \"x\", \"type\": \"event\", \"event_rule\": {\"query\": [{\"field\":"
                            + " \"traits.n\", \"op\": \"gt\", \"type\": \"integer\", \"value\": \"many\"}]}}")))
        .contains("field: traits.n", "'many' is not a valid integer");
    assertThat(
            fault(
                server
                    .http()
                    .post(
                        "/alarming/v2/alarms",
                        tenant.token(),
                        "{\"name\": \"x\", \"type\": \"event\", \"event_rule\": {\"query\": [{\"field\":"
                            + " \"traits.n\", \"op\": \"like\", \"value\": \"a\"}]}}")))
        .contains("op 'like' must be one of lt, le, eq, ne, ge, gt");
    assertThat(
            fault(
                server
                    .http()
                    .post(
                        "/alarming/v2/alarms",
                        tenant.token(),
                        "{\"name\": \"x\", \"type\": \"event\"}")))
        .contains("'event_rule' is required");
    assertThat(
            fault(
                server
                    .http()
                    .post(
                        "/alarming/v2/alarms",
                        tenant.token(),
                        "{\"name\": \"x\", \"type\": \"event\", \"event_rule\": {}, \"severity\": \"huge\"}")))
        .contains("Invalid severity");
  }

  private static String fault(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    return reply.json().at("/error_message/faultstring").asText();
  }

  @Test
  void stateIsAJsonStringAndUpdateIsAFullPut() {
    Account tenant = server.newProjectUser("member");
    JsonNode alarm =
        server
            .http()
            .post("/alarming/v2/alarms", tenant.token(), eventAlarm("event", "vm-4"))
            .expect(201)
            .json();
    String id = alarm.get("alarm_id").asText();
    assertThat(
            server
                .http()
                .put("/alarming/v2/alarms/" + id + "/state", tenant.token(), "\"ok\"")
                .expect(200)
                .json()
                .asText())
        .isEqualTo("ok");
    assertThat(
            server
                .http()
                .put("/alarming/v2/alarms/" + id + "/state", tenant.token(), "\"bad\"")
                .status())
        .isEqualTo(400);
    Reply unknown = server.http().get("/alarming/v2/alarms?colour=red", tenant.token());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().at("/error_message/faultstring").asText()).contains("colour");
    assertThat(
            server
                .http()
                .get("/alarming/v2/alarms/" + id + "/history?colour=red", tenant.token())
                .status())
        .isEqualTo(400);
    // As aodh alarm update does: GET, change, PUT the whole alarm back.
    String current =
        server.http().get("/alarming/v2/alarms/" + id, tenant.token()).expect(200).body();
    String updated = current.replace("\"critical\"", "\"moderate\"");
    JsonNode after =
        server.http().put("/alarming/v2/alarms/" + id, tenant.token(), updated).expect(200).json();
    assertThat(after.get("severity").asText()).isEqualTo("moderate");
    assertThat(after.get("state").asText()).isEqualTo("ok");
    server.http().delete("/alarming/v2/alarms/" + id, tenant.token()).expect(204);
    assertThat(server.http().get("/alarming/v2/alarms/" + id, tenant.token()).status())
        .isEqualTo(404);
    JsonNode history =
        server
            .http()
            .get("/alarming/v2/alarms/" + id + "/history", tenant.token())
            .expect(200)
            .json();
    assertThat(StreamSupport.stream(history.spliterator(), false).map(h -> h.get("type").asText()))
        .contains("creation", "state transition", "rule change", "deletion");
  }

  @Test
  void versionDocumentAndCapabilities() {
    JsonNode versions = server.http().get("/alarming/", null).expect(200).json();
    assertThat(versions.at("/versions/values/0/id").asText()).isEqualTo("v2");
    assertThat(versions.at("/versions/values/0/links/0/href").asText())
        .isEqualTo(server.baseUrl() + "/alarming/v2");
    assertThat(
            server
                .http()
                .get("/alarming/v2/capabilities", server.adminToken())
                .expect(200)
                .json()
                .at("/api/alarms:query:complex")
                .asBoolean())
        .isTrue();
  }

  @Test
  void actionUrlLongerThanTheStoreKeepsIsRefusedAtCreateAndReplace() {
    Account tenant = server.newProjectUser("member");
    String longHook = hook() + "?" + "x".repeat(3000 - hook().length() - 1);
    assertThat(longHook).hasSize(3000);
    String body =
        """
        {"name": "long", "type": "event", "alarm_actions": ["%s", "%s"],
         "event_rule": {"event_type": "compute.instance.update"}}
        """;
    Reply refused =
        server.http().post("/v2/alarms", tenant.token(), body.formatted(hook(), longHook));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body())
        .contains("alarm_actions[1]", "3000 characters", "at most 2048")
        .doesNotContain("Exception");
    assertThat(server.http().get("/v2/alarms", tenant.token()).expect(200).json()).isEmpty();

    String id =
        server
            .http()
            .post("/v2/alarms", tenant.token(), body.formatted(hook(), hook() + "?second"))
            .expect(201)
            .json()
            .get("alarm_id")
            .asText();
    Reply replaced =
        server.http().put("/v2/alarms/" + id, tenant.token(), body.formatted(longHook, hook()));
    assertThat(replaced.status()).isEqualTo(400);
    assertThat(replaced.body()).contains("alarm_actions[0]", "at most 2048");
    assertThat(
            server
                .http()
                .get("/v2/alarms/" + id, tenant.token())
                .expect(200)
                .json()
                .get("alarm_actions")
                .toString())
        .doesNotContain("xxxx");
  }
}
