package io.faultline.server.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bus.Notification;
import io.faultline.server.Published;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.config.NetworkConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neutron's port API over real HTTP: the blueprint 3 and 4 rules as a client sees them. */
class NetworkApiTest {
  static TestServer server;
  static TestServer.Http http;
  static final List<Notification> published = new CopyOnWriteArrayList<>();
  static Account member;
  static Account reader;
  static Account stranger;
  static Account integrator;
  static Account monitor;
  static String markerPort;
  static boolean markerDown;

  String networkId;
  String portId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http();
    server.context().bus().subscribe("network-api-test", published::add);
    member = server.newProjectUser("member");
    reader = server.newUser(member.projectId(), projectName(member), "reader");
    stranger = server.newProjectUser("member");
    integrator = server.newProjectUser("data_plane_integrator");
    monitor = server.newProjectUser("network_monitor");
    markerPort =
        createPort(server.adminToken(), createNetwork(server.adminToken(), "marker"), "marker");
  }

  static String projectName(Account account) {
    return http.get("/v3/projects/" + account.projectId(), server.adminToken())
        .expect(200)
        .json()
        .at("/project/name")
        .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void createPort() {
    networkId = createNetwork(member.token(), "n");
    portId = createPort(member.token(), networkId, "p");
  }

  static String createNetwork(String token, String name) {
    return http.post("/v2.0/networks", token, "{\"network\": {\"name\": \"" + name + "\"}}")
        .expect(201)
        .json()
        .at("/network/id")
        .asText();
  }

  static String createPort(String token, String network, String name) {
    return http.post(
            "/v2.0/ports",
            token,
            "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \"" + name + "\"}}")
        .expect(201)
        .json()
        .at("/port/id")
        .asText();
  }

  Reply put(Account account, String body) {
    return put(account.token(), body);
  }

  Reply put(String token, String body) {
    return http.put("/v2.0/ports/" + portId, token, "{\"port\": " + body + "}");
  }

  JsonNode port() {
    return http.get("/v2.0/ports/" + portId, server.adminToken()).expect(200).json().get("port");
  }

  void assertRefused(Account account, String body, int status) {
    JsonNode before = port();
    // An earlier test's port changes are published after their responses and may arrive only now:
    // counted from after the marker's, which the bus delivers after theirs.
    int notifications = afterMarker();
    Reply reply = put(account, body).expect(status);
    assertThat(reply.json().has("NeutronError")).as(reply.body()).isTrue();
    assertThat(port()).isEqualTo(before);
    settle();
    assertThat(published).hasSize(notifications);
  }

  @Test
  void versionDocumentAndExtensions() {
    JsonNode versions = http.get("/network/", null).expect(200).json();
    assertThat(versions.at("/versions/0/id").asText()).isEqualTo("v2.0");
    assertThat(versions.at("/versions/0/status").asText()).isEqualTo("CURRENT");
    assertThat(versions.at("/versions/0/links/0/href").asText()).endsWith("/network/v2.0/");
    JsonNode extensions = http.get("/network/v2.0/extensions", member.token()).expect(200).json();
    assertThat(extensions.get("extensions").findValuesAsText("alias"))
        .contains("data-plane-status", "binding", "standard-attr-revisions");
    http.get("/v2.0/extensions/data-plane-status", member.token()).expect(200);
    http.get("/v2.0/extensions/nope", member.token()).expect(404);
  }

  @Test
  void dataPlaneStatusPolicyMatrix() {
    assertRefused(member, "{\"data_plane_status\": \"DOWN\"}", 403);
    assertRefused(reader, "{\"data_plane_status\": \"DOWN\"}", 403);
    assertRefused(monitor, "{\"data_plane_status\": \"DOWN\"}", 403);
    assertRefused(stranger, "{\"data_plane_status\": \"DOWN\"}", 404);
    assertRefused(member, "{\"dp_down\": true}", 403);

    JsonNode down = put(integrator, "{\"data_plane_status\": \"DOWN\"}").expect(200).json();
    assertThat(down.at("/port/data_plane_status").asText()).isEqualTo("DOWN");
    assertThat(down.at("/port/dp_down").asBoolean()).isTrue();
    JsonNode cleared = put(server.adminToken(), "{\"data_plane_status\": null}").expect(200).json();
    assertThat(cleared.at("/port/data_plane_status").isNull()).isTrue();
    // A tenant reads it, without the admin-only binding.
    JsonNode seen = http.get("/v2.0/ports/" + portId, reader.token()).expect(200).json();
    assertThat(seen.get("port").has("data_plane_status")).isTrue();
    assertThat(seen.get("port").has("binding:host_id")).isFalse();
  }

  @Test
  void statusPolicyMatrix() {
    assertRefused(member, "{\"status\": \"ACTIVE\"}", 403);
    assertRefused(reader, "{\"status\": \"ACTIVE\"}", 403);
    assertRefused(integrator, "{\"status\": \"ACTIVE\"}", 403);
    assertRefused(stranger, "{\"status\": \"ACTIVE\"}", 404);
    assertThat(
            put(monitor, "{\"status\": \"ACTIVE\"}").expect(200).json().at("/port/status").asText())
        .isEqualTo("ACTIVE");
    assertThat(
            put(server.adminToken(), "{\"status\": \"ERROR\"}")
                .expect(200)
                .json()
                .at("/port/status")
                .asText())
        .isEqualTo("ERROR");
  }

  @Test
  void otherWritesPolicyMatrix() {
    assertRefused(reader, "{\"name\": \"x\"}", 403);
    assertRefused(integrator, "{\"name\": \"x\"}", 403);
    assertRefused(monitor, "{\"name\": \"x\"}", 403);
    assertRefused(stranger, "{\"name\": \"x\"}", 404);
    assertRefused(member, "{\"binding:host_id\": \"h\"}", 403);
    http.delete("/v2.0/ports/" + portId, reader.token()).expect(403);
    http.delete("/v2.0/ports/" + portId, stranger.token()).expect(404);
    http.delete("/v2.0/ports/" + portId, integrator.token()).expect(403);
    put(member, "{\"name\": \"renamed\"}").expect(200);
    http.delete("/v2.0/ports/" + portId, member.token()).expect(204);
    http.get("/v2.0/ports/" + portId, member.token()).expect(404);
  }

  @Test
  void notificationsOnChangeOnly() {
    // Not published.size(): an earlier test's notifications may still be on their way, and would
    // be counted as this change's.
    int before = afterMarker();
    put(server.adminToken(), "{\"dp_down\": true}").expect(200);
    awaitPublished(before + 2);
    List<Notification> mine = published.subList(before, published.size());
    assertThat(mine)
        .extracting(Notification::eventType)
        .containsExactly("port.update.start", "port.update.end");
    @SuppressWarnings("unchecked")
    Map<String, Object> after = (Map<String, Object>) mine.get(1).payload().get("port");
    assertThat(after).containsEntry("data_plane_status", "DOWN").containsEntry("id", portId);
    assertThat(mine.get(1).payload()).containsKey("original_port");
    put(server.adminToken(), "{\"data_plane_status\": \"DOWN\"}").expect(200);
    put(server.adminToken(), "{\"dp_down\": true}").expect(200);
    settle();
    assertThat(published).hasSize(before + 2);
  }

  /** The bus delivers after the response: wait (bounded) until {@code count} have arrived. */
  static void awaitPublished(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (published.size() < count && System.nanoTime() < deadline) {
      settle();
    }
    assertThat(published).hasSizeGreaterThanOrEqualTo(count);
  }

  /**
   * Changes the marker port (its own, which no test looks at) and waits for that change's {@code
   * port.update.end}; returns the index just after it. The bus delivers in publication order, so
   * every notification published before the change, an earlier request's that was still on its way
   * after the response, has arrived by then.
   */
  static int afterMarker() {
    markerDown = !markerDown;
    long revision =
        http.put(
                "/v2.0/ports/" + markerPort,
                server.adminToken(),
                "{\"port\": {\"dp_down\": " + markerDown + "}}")
            .expect(200)
            .json()
            .at("/port/revision_number")
            .asLong();
    return Published.after(
        published,
        0,
        n ->
            n.eventType().equals("port.update.end")
                && n.payload().get("port") instanceof Map<?, ?> port
                && markerPort.equals(port.get("id"))
                && port.get("revision_number") instanceof Number number
                && number.longValue() == revision);
  }

  /** Gives the bus time to deliver anything a request wrongly published. */
  static void settle() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void dpDownIsAnAliasInRequestsAndResponses() {
    JsonNode created = port();
    assertThat(created.get("dp_down").asBoolean()).isFalse();
    assertThat(created.get("data_plane_status").isNull()).isTrue();
    assertThat(
            put(server.adminToken(), "{\"dp_down\": \"True\"}")
                .expect(200)
                .json()
                .at("/port/data_plane_status")
                .asText())
        .isEqualTo("DOWN");
    JsonNode up = put(server.adminToken(), "{\"dp_down\": false}").expect(200).json().get("port");
    assertThat(up.get("data_plane_status").asText()).isEqualTo("ACTIVE");
    assertThat(up.get("dp_down").asBoolean()).isFalse();
    put(server.adminToken(), "{\"dp_down\": true, \"data_plane_status\": \"ACTIVE\"}").expect(400);
  }

  @Test
  void badInputIsA400NamingTheProblem() {
    assertThat(put(server.adminToken(), "{\"data_plane_status\": \"UP\"}").expect(400).body())
        .contains("ACTIVE", "DOWN", "null");
    assertThat(put(server.adminToken(), "{\"data_plane_status\": 1}").expect(400).body())
        .contains("ACTIVE", "DOWN");
    assertThat(put(server.adminToken(), "{\"status\": \"GONE\"}").expect(400).body())
        .contains("ACTIVE, DOWN, BUILD, ERROR");
    assertThat(put(server.adminToken(), "{\"dp_down\": \"maybe\"}").expect(400).body())
        .contains("dp_down");
    assertThat(put(server.adminToken(), "{\"bogus\": 1}").expect(400).body()).contains("bogus");
    assertThat(
            put(server.adminToken(), "{\"name\": \"" + "n".repeat(256) + "\"}").expect(400).body())
        .contains("name", "255");
    assertThat(
            http.post(
                    "/v2.0/networks",
                    server.adminToken(),
                    "{\"network\": {\"project_id\": \"" + "p".repeat(65) + "\"}}")
                .expect(400)
                .body())
        .contains("project_id");
    assertThat(
            http.post(
                    "/v2.0/ports",
                    server.adminToken(),
                    "{\"port\": {\"network_id\": \""
                        + networkId
                        + "\", \"data_plane_status\": \"DOWN\"}}")
                .expect(400)
                .body())
        .contains("data_plane_status", "POST");
    http.post(
            "/v2.0/ports",
            server.adminToken(),
            "{\"port\": {\"network_id\": \"" + networkId + "\", \"dp_down\": true}}")
        .expect(400);
    http.post("/v2.0/ports", server.adminToken(), "{\"port\": {}}").expect(400);
    http.post("/v2.0/ports", server.adminToken(), "{\"port\": {\"network_id\": \" \"}}")
        .expect(400);
    http.get("/v2.0/ports/%20", server.adminToken()).expect(400);
    http.post("/v2.0/ports", server.adminToken(), "{\"port\": {\"network_id\": 5}}").expect(400);
    http.post(
            "/v2.0/ports",
            server.adminToken(),
            "{\"port\": {\"network_id\": \"" + networkId + "\", \"fixed_ips\": \"x\"}}")
        .expect(400);
    http.post(
            "/v2.0/ports",
            server.adminToken(),
            "{\"port\": {\"network_id\": \"" + networkId + "\", \"mac_address\": \"zz\"}}")
        .expect(400);
    http.post("/v2.0/ports", server.adminToken(), "not json").expect(400);
    http.get("/v2.0/ports?bogus=1", server.adminToken()).expect(400);
    http.get("/v2.0/ports", null).expect(401);
  }

  @Test
  void revisionNumberAndIfMatch() {
    long revision = port().get("revision_number").asLong();
    Reply stale =
        http.send(
            "PUT",
            "/v2.0/ports/" + portId,
            server.adminToken(),
            "{\"port\": {\"name\": \"x\"}}",
            Map.of("If-Match", "revision_number=" + (revision + 5)));
    stale.expect(412);
    assertThat(stale.json().at("/NeutronError/type").asText()).isNotEmpty();
    Reply fresh =
        http.send(
            "PUT",
            "/v2.0/ports/" + portId,
            server.adminToken(),
            "{\"port\": {\"name\": \"x\"}}",
            Map.of("If-Match", "revision_number=" + revision));
    assertThat(fresh.expect(200).json().at("/port/revision_number").asLong())
        .isEqualTo(revision + 1);
  }

  @Test
  void listFiltersAndFields() {
    String token = server.adminToken();
    http.post(
            "/v2.0/ports",
            token,
            "{\"port\": {\"network_id\": \""
                + networkId
                + "\", \"binding:host_id\": \"host-x\","
                + " \"device_id\": \"vm-x\", \"device_owner\": \"compute:nova\"}}")
        .expect(201);
    JsonNode onHost = http.get("/v2.0/ports?binding:host_id=host-x", token).expect(200).json();
    assertThat(onHost.get("ports")).hasSize(1);
    assertThat(onHost.at("/ports/0/device_id").asText()).isEqualTo("vm-x");
    http.get("/v2.0/ports?binding:host_id=host-x", member.token()).expect(403);
    assertThat(
            http.get("/v2.0/ports?network_id=" + networkId + "&device_owner=compute:nova", token)
                .expect(200)
                .json()
                .get("ports"))
        .hasSize(1);
    JsonNode fields =
        http.get("/v2.0/ports/" + portId + "?fields=id&fields=data_plane_status", token)
            .expect(200)
            .json()
            .get("port");
    assertThat(fields.size()).isEqualTo(2);
    JsonNode tuple =
        http.get("/v2.0/ports/" + portId + "?fields=%28%27id%27%2C+%27status%27%29", token)
            .expect(200)
            .json()
            .get("port");
    assertThat(tuple.size()).isEqualTo(2);
    http.get("/v2.0/ports/" + portId + "?fields=%28", token).expect(200);
    assertThat(
            http.get("/v2.0/ports?project_id=" + member.projectId(), stranger.token())
                .expect(200)
                .json()
                .get("ports"))
        .isEmpty();
  }

  @Test
  void withoutFilterValidationUnknownFiltersAreIgnored() {
    try (TestServer lenient =
        TestServer.start(
            TestServer.testConfig().withNetwork(new NetworkConfig(false)),
            java.time.InstantSource.system())) {
      lenient.http().get("/v2.0/ports?bogus=1", lenient.adminToken()).expect(200);
      lenient.http().get("/v2.0/networks?bogus=1", lenient.adminToken()).expect(200);
    }
  }

  @Test
  void networksCrudWithSharedAndRevisions() {
    String token = member.token();
    http.post("/v2.0/networks", token, "{\"network\": {\"name\": \"s\", \"shared\": true}}")
        .expect(403);
    String shared =
        http.post(
                "/v2.0/networks",
                server.adminToken(),
                "{\"network\": {\"name\": \"public\", \"shared\": true}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    JsonNode visible = http.get("/v2.0/networks?shared=true", stranger.token()).expect(200).json();
    assertThat(visible.get("networks").findValuesAsText("id")).contains(shared);
    http.get("/v2.0/networks/" + networkId, stranger.token()).expect(404);
    http.put("/v2.0/networks/" + shared, stranger.token(), "{\"network\": {\"name\": \"x\"}}")
        .expect(403);
    JsonNode renamed =
        http.put("/v2.0/networks/" + networkId, token, "{\"network\": {\"name\": \"n2\"}}")
            .expect(200)
            .json()
            .get("network");
    assertThat(renamed.get("name").asText()).isEqualTo("n2");
    assertThat(renamed.get("revision_number").asLong()).isEqualTo(2);
    http.put("/v2.0/networks/" + networkId, token, "{\"network\": {\"mtu\": 9000}}").expect(400);
    // In use by the port created for this test.
    assertThat(http.delete("/v2.0/networks/" + networkId, token).expect(409).body())
        .contains("NeutronError");
    http.delete("/v2.0/ports/" + portId, token).expect(204);
    http.delete("/v2.0/networks/" + networkId, token).expect(204);
    http.get("/v2.0/networks/" + networkId, token).expect(404);
    JsonNode resources = http.get("/network/v2.0", token).expect(200).json();
    assertThat(resources.get("resources").findValuesAsText("collection"))
        .contains("networks", "ports");
  }
}
