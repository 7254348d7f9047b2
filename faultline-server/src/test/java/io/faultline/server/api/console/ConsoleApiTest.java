package io.faultline.server.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.StreamClient;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's server side, black box on the real server: the page for browsers beside the version
 * document for API clients, the fleet overview, deliveries by fault and the live stream, each under
 * the policy of the API whose data it shows.
 */
class ConsoleApiTest {
  private static TestServer server;
  private static Webhooks webhooks;
  private static Fleet fleet;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    webhooks = new Webhooks();
    fleet = new Fleet(server);
  }

  @AfterAll
  static void stop() {
    webhooks.close();
    server.close();
  }

  @Test
  void browsersGetTheConsoleAndApiClientsTheVersionDocument() {
    Reply page =
        server
            .http()
            .send(
                "GET",
                "/",
                null,
                null,
                Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
    assertThat(page.header("Content-Security-Policy"))
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");

    Reply json = server.http().send("GET", "/", null, null, Map.of("Accept", "application/json"));
    assertThat(json.status()).isEqualTo(300);
    assertThat(json.json().at("/versions/values/0/id").asText()).startsWith("v3");
    assertThat(server.http().get("/", null).json().has("versions")).isTrue();

    Reply script = server.http().get("/console/app.js", null).expect(200);
    assertThat(script.header("Content-Type")).startsWith("text/javascript");
    assertThat(script.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(server.http().get("/console/missing.js", null).expect(404).body())
        .contains("no file 'missing.js'");
    server.http().get("/console/run.exe", null).expect(404);
  }

  @Test
  void theFleetIsAggregatedPerHostForAdminsOnly() throws Exception {
    server.beat("agg-1");
    Account tenant = server.newProjectUser("member");
    fleet.instance(tenant, "a");
    fleet.instance(tenant, "b");
    String port = fleet.port("agg-1");
    server
        .http()
        .put(
            "/v2.0/ports/" + port,
            server.adminToken(),
            "{\"port\": {\"data_plane_status\": \"DOWN\"}}")
        .expect(200);

    JsonNode fleetBody =
        server.http().get("/v1/console/fleet", server.adminToken()).expect(200).json();
    assertThat(keys(fleetBody)).containsExactly("generated_at", "service_down_time_ms", "hosts");
    assertThat(fleetBody.get("service_down_time_ms").isIntegralNumber()).isTrue();
    JsonNode host = fleetRow("agg-1");
    assertThat(keys(host))
        .containsExactly(
            "host",
            "id",
            "state",
            "status",
            "disabled_reason",
            "maintenance_until",
            "forced_down",
            "last_heartbeat",
            "heartbeat_age_ms",
            "instances",
            "ports_data_plane_down");
    assertThat(host.get("disabled_reason").isNull()).isTrue();
    assertThat(host.get("maintenance_until").isNull()).isTrue();
    assertThat(host.get("forced_down").isBoolean()).isTrue();
    assertThat(host.get("state").asText()).isEqualTo("up");
    assertThat(host.at("/instances/active").asInt()).isEqualTo(2);
    assertThat(host.get("ports_data_plane_down").asInt()).isEqualTo(1);
    assertThat(host.get("heartbeat_age_ms").asLong()).isGreaterThanOrEqualTo(0);

    server
        .http()
        .put("/v2.1/os-hosts/agg-1", server.adminToken(), "{\"host_down_reported\": true}")
        .expect(200);
    JsonNode down = fleetRow("agg-1");
    assertThat(down.get("state").asText()).isEqualTo("forced_down");
    assertThat(down.at("/instances/stopped").asInt()).isEqualTo(2);
    assertThat(down.at("/instances/active").isMissingNode()).isTrue();

    assertThat(
            server
                .http()
                .get("/v1/console/fleet?host=agg-1", server.adminToken())
                .expect(400)
                .body())
        .contains("unknown query parameter(s) host; this list takes none");
    server.http().get("/v1/console/fleet", tenant.token()).expect(403);
    server.http().get("/v1/console/fleet", null).expect(401);
  }

  @Test
  void deliveriesOfAFaultAreListedUnderTheAlarmPolicy() throws Exception {
    server.beat("hook-1");
    Account owner = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    String instance = fleet.instance(owner, "vnf");
    String alarm = fleet.alarm(owner, "vnf-down", instance, webhooks.url());
    String faultId = fleet.reportDown("hook-1", "hook-e1");
    String sentId = webhooks.deliveryIds.poll(30, TimeUnit.SECONDS);
    assertThat(sentId).as("the webhook was called").isNotNull();

    JsonNode delivery = awaitDelivery("/v1/deliveries?fault_id=" + faultId, server.adminToken());
    assertThat(keys(delivery))
        .containsExactly(
            "id",
            "alarm_id",
            "project_id",
            "fault_id",
            "action",
            "severity",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "next_attempt_at");
    assertThat(delivery.get("last_error").isNull()).isTrue();
    assertThat(delivery.get("attempts").isInt()).isTrue();
    assertThat(delivery.get("id").asText()).isEqualTo(sentId);
    assertThat(delivery.get("alarm_id").asText()).isEqualTo(alarm);
    assertThat(delivery.get("fault_id").asText()).isEqualTo(faultId);
    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
    assertThat(delivery.get("project_id").asText()).isEqualTo(owner.projectId());

    assertThat(
            server
                .http()
                .get("/v1/deliveries?fault_id=" + faultId, owner.token())
                .expect(200)
                .json()
                .get("deliveries"))
        .hasSize(1);
    assertThat(
            server
                .http()
                .get("/v1/deliveries?fault_id=" + faultId, stranger.token())
                .expect(200)
                .json()
                .get("deliveries"))
        .isEmpty();
    server
        .http()
        .get("/v1/deliveries?project_id=" + owner.projectId(), stranger.token())
        .expect(403);
    assertThat(server.http().get("/v1/deliveries?limit=zero", owner.token()).expect(400).body())
        .contains("limit must be an integer from 1 to 1000");
    server.http().get("/v1/deliveries?fault_id=", owner.token()).expect(400);
    assertThat(
            server
                .http()
                .get("/v1/deliveries?faultid=" + faultId, owner.token())
                .expect(400)
                .body())
        .contains(
            "unknown query parameter(s) faultid", "valid: alarm_id, fault_id, limit, project_id");
  }

  @Test
  void theStreamNeedsATokenAndPushesHostAndFaultChanges() throws Exception {
    server.http().get("/v1/stream", null).expect(401);
    server.http().get("/v1/stream", "not-a-token").expect(401);
    server.beat("live-1");

    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/stream"))
            .header("X-Auth-Token", server.adminToken())
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<Stream<String>> response =
        client.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
    try {
      assertThat(awaitData(lines, "ready")).contains("\"fleet\":true", "\"faults\":true");
      String faultId = fleet.reportDown("live-1", "live-e1");
      List<String> seen = new ArrayList<>();
      boolean hostDown = false;
      boolean faultSeen = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(hostDown && faultSeen) && System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          continue;
        }
        seen.add(line);
        hostDown |= line.contains("\"host\":\"live-1\"") && line.contains("\"forced_down\"");
        faultSeen |= line.contains("\"id\":\"" + faultId + "\"");
      }
      assertThat(hostDown).as("a hosts event with live-1 forced down in %s", seen).isTrue();
      assertThat(faultSeen).as("a fault event for %s in %s", faultId, seen).isTrue();
    } finally {
      response.body().close();
      reader.interrupt();
    }
  }

  @Test
  void alarmActivityIsStreamedOnlyToThoseWhoMayListTheProjectsAlarms() throws Exception {
    Account owner = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    try (StreamClient admin = StreamClient.open(server, server.adminToken());
        StreamClient member = StreamClient.open(server, owner.token())) {
      admin.await("ready", "");
      assertThat(member.await("ready", ""))
          .contains(
              "{\"fleet\":false,\"faults\":false,\"project_id\":\"" + owner.projectId() + "\"}");

      String hidden = quietAlarm(stranger, "theirs");
      server
          .http()
          .put("/v2/alarms/" + hidden + "/state", stranger.token(), "\"alarm\"")
          .expect(200);
      admin.await("alarms", stranger.projectId());

      // Sent after the stranger's events were queued to every subscriber, so any of theirs the
      // member were given would be read before this one.
      String own = quietAlarm(owner, "ours");
      server.http().put("/v2/alarms/" + own + "/state", owner.token(), "\"alarm\"").expect(200);
      assertThat(member.await("alarms", owner.projectId()))
          .contains("{\"project_ids\":[\"" + owner.projectId() + "\"]}")
          .doesNotContain(stranger.projectId());
      assertThat(member.seen()).noneMatch(line -> line.contains(stranger.projectId()));
      assertThat(member.seen()).noneMatch(line -> line.startsWith("event: fault"));
    }
  }

  /** An event alarm of the tenant's with no actions; returns its id. */
  private static String quietAlarm(Account tenant, String name) {
    return server
        .http()
        .post(
            "/v2/alarms",
            tenant.token(),
            """
            {"name": "%s", "type": "event", "resource_id": "%s",
             "event_rule": {"event_type": "compute.instance.update"}}
            """
                .formatted(name, java.util.UUID.randomUUID()))
        .expect(201)
        .json()
        .get("alarm_id")
        .asText();
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static JsonNode fleetRow(String host) {
    for (JsonNode row :
        server
            .http()
            .get("/v1/console/fleet", server.adminToken())
            .expect(200)
            .json()
            .get("hosts")) {
      if (row.get("host").asText().equals(host)) {
        return row;
      }
    }
    throw new AssertionError("host " + host + " is not in the fleet");
  }

  /** The first delivery listed at {@code path} once it is final (sent or given up); 30 s bound. */
  private static JsonNode awaitDelivery(String path, String token) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode deliveries = null;
    while (System.nanoTime() < deadline) {
      deliveries = server.http().get(path, token).expect(200).json().get("deliveries");
      if (deliveries.size() > 0 && !deliveries.get(0).get("status").asText().equals("pending")) {
        assertThat(deliveries.get(0).get("status").asText()).isEqualTo("sent");
        return deliveries.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no finished delivery at " + path + ": " + deliveries);
  }

  /** The data line of the next event of {@code type}; 30 s bound. */
  private static String awaitData(BlockingQueue<String> lines, String type)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean inEvent = false;
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      if (line.equals("event: " + type)) {
        inEvent = true;
      } else if (inEvent && line.startsWith("data: ")) {
        return line;
      }
    }
    throw new AssertionError("no " + type + " event within 30 s");
  }
}
