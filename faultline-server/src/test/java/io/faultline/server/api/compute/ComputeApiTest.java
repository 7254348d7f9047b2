package io.faultline.server.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bus.Notification;
import io.faultline.server.Published;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Nova API over HTTP against a real server. Each test uses its own host names. */
class ComputeApiTest {
  private static TestServer server;
  private static final List<Notification> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    server.context().bus().subscribe("compute-api-test", published::add);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String admin() {
    return server.adminToken();
  }

  private static Reply get(String path, String token, String version) {
    return server.http().send("GET", path, token, null, versionHeader(version));
  }

  private static Reply put(String path, String token, String version, String body) {
    return server.http().send("PUT", path, token, body, versionHeader(version));
  }

  private static Reply post(String path, String token, String version, String body) {
    return server.http().send("POST", path, token, body, versionHeader(version));
  }

  private static Map<String, String> versionHeader(String version) {
    return version == null ? Map.of() : Map.of("X-OpenStack-Nova-API-Version", version);
  }

  private static String createServer(String token, String name, String host) {
    String zone = host == null ? "" : ", \"availability_zone\": \"nova:" + host + "\"";
    return post(
            "/v2.1/servers",
            token,
            null,
            "{\"server\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\""
                + zone
                + "}}")
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  private static JsonNode show(String id) {
    return get("/v2.1/servers/" + id, admin(), "2.53").expect(200).json().get("server");
  }

  private static JsonNode service(String host, String version) {
    return get("/v2.1/os-services?host=" + host, admin(), version)
        .expect(200)
        .json()
        .at("/services/0");
  }

  @Test
  void availabilityZonesShowEachHostsServiceUpAndEnabledToAdminsOnly() {
    for (String host : new String[] {"az-up", "az-off", "az-down"}) {
      server.beat(host);
    }
    put(
            "/v2.1/os-services/disable",
            admin(),
            null,
            "{\"host\": \"az-off\", \"binary\": \"nova-compute\"}")
        .expect(200);
    put(
            "/v2.1/os-services/force-down",
            admin(),
            "2.11",
            "{\"host\": \"az-down\", \"binary\": \"nova-compute\", \"forced_down\": true}")
        .expect(200);

    Account member = server.newProjectUser("member");
    JsonNode zones =
        get("/v2.1/os-availability-zone", member.token(), null)
            .expect(200)
            .json()
            .get("availabilityZoneInfo");
    assertThat(zones).hasSize(1);
    assertThat(zones.at("/0/zoneName").asText()).isEqualTo("nova");
    assertThat(zones.at("/0/zoneState/available").asBoolean()).isTrue();
    assertThat(zones.at("/0/hosts").isNull()).isTrue();
    get("/v2.1/os-availability-zone/detail", member.token(), null).expect(403);

    JsonNode hosts =
        get("/v2.1/os-availability-zone/detail", admin(), null)
            .expect(200)
            .json()
            .at("/availabilityZoneInfo/0/hosts");
    assertThat(hosts.at("/az-up/nova-compute/available").asBoolean()).isTrue();
    assertThat(hosts.at("/az-up/nova-compute/active").asBoolean()).isTrue();
    assertThat(hosts.at("/az-off/nova-compute/available").asBoolean()).isTrue();
    assertThat(hosts.at("/az-off/nova-compute/active").asBoolean()).isFalse();
    assertThat(hosts.at("/az-down/nova-compute/available").asBoolean()).isFalse();
    assertThat(hosts.at("/az-down/nova-compute/active").asBoolean()).isTrue();
    assertThat(hosts.at("/az-up/nova-compute/updated_at").asText()).isNotEmpty();
    get("/v2.1/os-availability-zone?zone=nova", admin(), null).expect(400);
  }

  @Test
  void versionDocumentsAdvertiseWhatIsImplemented() {
    JsonNode root = server.http().get("/compute/", null).expect(200).json();
    assertThat(root.at("/versions/0/id").asText()).isEqualTo("v2.1");
    assertThat(root.at("/versions/0/version").asText()).isEqualTo("2.53");
    assertThat(root.at("/versions/0/min_version").asText()).isEqualTo("2.1");
    assertThat(root.at("/versions/0/links/0/href").asText())
        .isEqualTo(server.baseUrl() + "/compute/v2.1/");
    JsonNode version = server.http().get("/compute/v2.1", null).expect(200).json();
    assertThat(version.at("/version/version").asText()).isEqualTo("2.53");
  }

  @Test
  void microversionsAreNegotiatedAndEchoed() {
    Reply reply =
        server
            .http()
            .send(
                "GET",
                "/v2.1/flavors",
                admin(),
                null,
                Map.of("OpenStack-API-Version", "compute 2.37"));
    reply.expect(200);
    assertThat(reply.header("OpenStack-API-Version")).isEqualTo("compute 2.37");
    assertThat(reply.header("X-OpenStack-Nova-API-Version")).isEqualTo("2.37");
    assertThat(reply.header("Vary")).contains("OpenStack-API-Version");
    assertThat(get("/v2.1/flavors", admin(), "latest").header("X-OpenStack-Nova-API-Version"))
        .isEqualTo("2.53");
    assertThat(get("/v2.1/flavors", admin(), null).header("X-OpenStack-Nova-API-Version"))
        .isEqualTo("2.1");
    Reply tooNew = get("/v2.1/flavors", admin(), "2.99");
    assertThat(tooNew.status()).isEqualTo(406);
    assertThat(tooNew.json().at("/computeFault/code").asInt()).isEqualTo(406);
    assertThat(get("/v2.1/flavors", admin(), "two").expect(400).json().has("badRequest")).isTrue();
    // os-hosts is gone from 2.43.
    assertThat(get("/v2.1/os-hosts", admin(), "2.43").status()).isEqualTo(404);
  }

  @Test
  void theReportThroughForceDownStopsInstancesAndLeavesErrorOnesAlone() throws Exception {
    server.beat("fd-1");
    String running = createServer(admin(), "running", "fd-1");
    String broken = createServer(admin(), "broken", "fd-1");
    int beforeReset = published.size();
    post(
            "/v2.1/servers/" + broken + "/action",
            admin(),
            null,
            "{\"os-resetState\": {\"state\": \"error\"}}")
        .expect(202);
    // The reset's own notification is published after its 202, and the creations' may be too: the
    // report's are counted from just after the reset's, which the bus delivers after theirs.
    int before =
        Published.after(
            published,
            beforeReset,
            n ->
                n.eventType().equals("compute.instance.update")
                    && broken.equals(n.payload().get("instance_id"))
                    && "error".equals(n.payload().get("state")));

    JsonNode reply =
        put(
                "/v2.1/os-services/force-down",
                admin(),
                "2.11",
                "{\"host\": \"fd-1\", \"binary\": \"nova-compute\", \"forced_down\": true}")
            .expect(200)
            .json();
    assertThat(reply.at("/service/forced_down").asBoolean()).isTrue();

    assertThat(service("fd-1", "2.11").get("state").asText()).isEqualTo("down");
    assertThat(service("fd-1", "2.11").get("forced_down").asBoolean()).isTrue();
    JsonNode stopped = show(running);
    assertThat(stopped.get("status").asText()).isEqualTo("SHUTOFF");
    assertThat(stopped.get("OS-EXT-STS:vm_state").asText()).isEqualTo("stopped");
    assertThat(stopped.get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    assertThat(stopped.get("OS-EXT-STS:task_state").isNull()).isTrue();
    assertThat(stopped.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("fd-1");
    assertThat(stopped.get("host_status").asText()).isEqualTo("DOWN");
    assertThat(show(broken).get("status").asText()).isEqualTo("ERROR");

    List<Notification> mine = awaitNotifications(before, 2);
    assertThat(mine)
        .extracting(Notification::eventType)
        .containsExactlyInAnyOrder("compute.instance.update", "service.update");
    Notification update =
        mine.stream()
            .filter(n -> n.eventType().equals("compute.instance.update"))
            .findFirst()
            .orElseThrow();
    assertThat(update.payload())
        .containsEntry("instance_id", running)
        .containsEntry("old_state", "active")
        .containsEntry("state", "stopped");

    JsonNode actions =
        get("/v2.1/servers/" + running + "/os-instance-actions", admin(), null)
            .expect(200)
            .json()
            .get("instanceActions");
    assertThat(actions.get(0).get("action").asText()).isEqualTo("reportHostDown");
    assertThat(actions.get(0).has("events"))
        .as("a listed action has no events, as in Nova")
        .isFalse();
    String requestId = actions.get(0).get("request_id").asText();
    JsonNode shown =
        get("/v2.1/servers/" + running + "/os-instance-actions/" + requestId, admin(), null)
            .expect(200)
            .json()
            .get("instanceAction");
    assertThat(shown.get("action").asText()).isEqualTo("reportHostDown");
    assertThat(shown.get("request_id").asText()).isEqualTo(requestId);
    assertThat(shown.get("instance_uuid").asText()).isEqualTo(running);
    assertThat(shown.get("message").asText()).isEqualTo("Compute host fd-1 reported down");
    assertThat(shown.get("start_time").asText())
        .isEqualTo(actions.get(0).get("start_time").asText());
    assertThat(shown.get("events").isArray()).isTrue();
    // The same request id names no action of another server, and an unknown one none at all.
    assertThat(
            get("/v2.1/servers/" + running + "/os-instance-actions/req-unknown", admin(), null)
                .expect(404)
                .json()
                .get("itemNotFound")
                .get("message")
                .asText())
        .isEqualTo("Action req-unknown on instance " + running + " could not be found.");
    // Another project's member sees neither the server nor its actions.
    Account stranger = server.newProjectUser("member");
    get("/v2.1/servers/" + running + "/os-instance-actions/" + requestId, stranger.token(), null)
        .expect(404);

    // Repeating the report changes and publishes nothing.
    int afterFirst = published.size();
    put(
            "/v2.1/os-services/force-down",
            admin(),
            "2.11",
            "{\"host\": \"fd-1\", \"binary\": \"nova-compute\", \"forced_down\": true}")
        .expect(200);
    server.beat("fd-marker");
    put(
            "/v2.1/os-services/force-down",
            admin(),
            "2.11",
            "{\"host\": \"fd-marker\", \"binary\": \"nova-compute\", \"forced_down\": true}")
        .expect(200);
    // The marker's own service.update arriving proves the repeat's would have arrived first.
    List<Notification> next = awaitNotifications(afterFirst, 1);
    assertThat(next).extracting(n -> n.payload().get("host")).containsExactly("fd-marker");
  }

  @Test
  void theReportThroughServiceUuidAt253() {
    server.beat("uuid-1");
    String vm = createServer(admin(), "vm", "uuid-1");
    String id = service("uuid-1", "2.53").get("id").asText();
    assertThat(id).hasSize(36);
    put("/v2.1/os-services/force-down", admin(), "2.53", "{\"forced_down\": true}").expect(400);
    JsonNode reply =
        put("/v2.1/os-services/" + id, admin(), "2.53", "{\"forced_down\": true}")
            .expect(200)
            .json();
    assertThat(reply.at("/service/state").asText()).isEqualTo("down");
    assertThat(reply.at("/service/forced_down").asBoolean()).isTrue();
    assertThat(show(vm).get("status").asText()).isEqualTo("SHUTOFF");

    JsonNode lifted =
        put("/v2.1/os-services/" + id, admin(), "2.53", "{\"forced_down\": false}")
            .expect(200)
            .json();
    assertThat(lifted.at("/service/state").asText()).isEqualTo("up");
    assertThat(show(vm).get("status").asText()).isEqualTo("SHUTOFF");
    put("/v2.1/os-services/" + id, admin(), "2.53", "{}").expect(400);
    put(
            "/v2.1/os-services/" + id,
            admin(),
            "2.53",
            "{\"status\": \"enabled\", \"disabled_reason\": \"x\"}")
        .expect(400);
    put("/v2.1/os-services/not-a-uuid", admin(), "2.53", "{\"forced_down\": true}").expect(400);
    put(
            "/v2.1/os-services/00000000-0000-0000-0000-000000000000",
            admin(),
            "2.53",
            "{\"forced_down\": true}")
        .expect(404);
  }

  @Test
  void theReportThroughTheSeedsOsHostsForm() {
    server.beat("hosts-1");
    server.beat("hosts-2");
    String one = createServer(admin(), "vm1", "hosts-1");
    String two = createServer(admin(), "vm2", "hosts-2");
    JsonNode flat =
        put("/v2.1/os-hosts/hosts-1", admin(), null, "{\"host_down_reported\": true}")
            .expect(200)
            .json();
    assertThat(flat.get("host_down_reported").asBoolean()).isTrue();
    put(
            "/v2.1/os-hosts/hosts-2",
            admin(),
            null,
            "{\"host\": {\"host_down_reported\": \"true\", \"maintenance_mode\": \"enable\"}}")
        .expect(200);
    assertThat(show(one).get("status").asText()).isEqualTo("SHUTOFF");
    assertThat(show(two).get("status").asText()).isEqualTo("SHUTOFF");
    assertThat(service("hosts-2", null).get("status").asText()).isEqualTo("disabled");
    put("/v2.1/os-hosts/hosts-1", admin(), null, "{\"host_down_reported\": \"yes\"}").expect(400);
    put("/v2.1/os-hosts/nowhere", admin(), null, "{\"host_down_reported\": true}").expect(404);
  }

  @Test
  void membersGetForbiddenOnEveryAdminActionAndNothingChanges() {
    server.beat("guarded-1");
    server.beat("guarded-2");
    Account member = server.newProjectUser("member");
    String vm = createServer(member.token(), "mine", null);
    String id = service("guarded-1", "2.53").get("id").asText();
    List<Reply> replies = new ArrayList<>();
    replies.add(
        put(
            "/v2.1/os-services/force-down",
            member.token(),
            "2.11",
            "{\"host\": \"guarded-1\", \"binary\": \"nova-compute\", \"forced_down\": true}"));
    replies.add(put("/v2.1/os-services/" + id, member.token(), "2.53", "{\"forced_down\": true}"));
    replies.add(
        put("/v2.1/os-hosts/guarded-1", member.token(), null, "{\"host_down_reported\": true}"));
    replies.add(get("/v2.1/os-services", member.token(), null));
    replies.add(get("/v2.1/os-hypervisors/detail", member.token(), null));
    replies.add(
        post(
            "/v2.1/servers/" + vm + "/action",
            member.token(),
            null,
            "{\"os-resetState\": {\"state\": \"error\"}}"));
    replies.add(
        post("/v2.1/servers/" + vm + "/action", member.token(), "2.29", "{\"evacuate\": {}}"));
    replies.add(
        server
            .http()
            .post(
                "/v1/agents/heartbeat",
                member.token(),
                "{\"host\": \"guarded-1\", \"binary\": \"nova-compute\"}"));
    assertThat(replies).extracting(Reply::status).containsOnly(403);
    assertThat(replies.get(0).json().at("/forbidden/code").asInt()).isEqualTo(403);
    assertThat(service("guarded-1", "2.11").get("forced_down").asBoolean()).isFalse();
    JsonNode mine =
        get("/v2.1/servers/" + vm, member.token(), "2.53").expect(200).json().get("server");
    assertThat(mine.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(mine.has("OS-EXT-SRV-ATTR:host")).isFalse();
    assertThat(mine.has("host_status")).isFalse();

    Account monitor = server.newProjectUser("monitor");
    server
        .http()
        .post(
            "/v1/agents/heartbeat",
            monitor.token(),
            "{\"host\": \"guarded-1\", \"binary\": \"nova-compute\"}")
        .expect(200);
  }

  @Test
  void badInputIsANovaFaultNeverA500() {
    server.beat("bad-1");
    String forceDown = "/v2.1/os-services/force-down";
    assertThat(
            put(
                    forceDown,
                    admin(),
                    "2.11",
                    "{\"host\": \"nowhere\", \"binary\": \"nova-compute\", \"forced_down\": true}")
                .expect(404)
                .json()
                .at("/itemNotFound/message")
                .asText())
        .contains("nowhere");
    assertThat(
            put(
                    forceDown,
                    admin(),
                    "2.11",
                    "{\"host\": \"bad-1\", \"binary\": \"nova-scheduler\", \"forced_down\": true}")
                .expect(400)
                .json()
                .at("/badRequest/message")
                .asText())
        .contains("Only nova-compute");
    put(forceDown, admin(), "2.11", "{\"host\": \"bad-1\", \"binary\": \"nova-compute\"}")
        .expect(400);
    put(
            forceDown,
            admin(),
            "2.11",
            "{\"host\": \"bad-1\", \"binary\": \"nova-compute\", \"forced_down\": \"yes\"}")
        .expect(400);
    put(
            forceDown,
            admin(),
            "2.11",
            "{\"host\": \"bad-1\", \"binary\": \"nova-compute\", \"forced_down\": true, \"x\": 1}")
        .expect(400);
    put(forceDown, admin(), "2.11", "{not json").expect(400);
    // force-down does not exist before 2.11.
    put(
            forceDown,
            admin(),
            "2.10",
            "{\"host\": \"bad-1\", \"binary\": \"nova-compute\", \"forced_down\": true}")
        .expect(404);
    post("/v2.1/servers", admin(), null, "{\"server\": {\"name\": \"x\"}}").expect(400);
    post(
            "/v2.1/servers",
            admin(),
            null,
            "{\"server\": {\"name\": \"x\", \"flavorRef\": \"99\", \"imageRef\": \"cirros\"}}")
        .expect(400);
    get("/v2.1/servers/00000000-0000-0000-0000-000000000000", admin(), null).expect(404);
    server
        .http()
        .post("/v1/agents/heartbeat", admin(), "{\"host\": \"bad-1\", \"binary\": \"nova-api\"}")
        .expect(400);
    assertThat(service("bad-1", "2.11").get("forced_down").asBoolean()).isFalse();
  }

  @Test
  void evacuationIsRefusedUntilTheHostIsReportedThenRestoresTheInstance() {
    server.beat("evac-1");
    server.beat("evac-2");
    String vm = createServer(admin(), "vm", "evac-1");
    String body = "{\"evacuate\": {\"host\": \"evac-2\"}}";
    assertThat(
            post("/v2.1/servers/" + vm + "/action", admin(), "2.29", body)
                .expect(400)
                .json()
                .at("/badRequest/message")
                .asText())
        .contains("still in use");
    put("/v2.1/os-hosts/evac-1", admin(), null, "{\"host_down_reported\": true}").expect(200);
    post("/v2.1/servers/" + vm + "/action", admin(), "2.29", body).expect(200);
    JsonNode moved = show(vm);
    assertThat(moved.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(moved.get("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
    assertThat(moved.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("evac-2");
    // The evacuation is a migration, done, listed for the admin; its type from 2.23.
    JsonNode migrations =
        get("/v2.1/os-migrations?instance_uuid=" + vm, admin(), "2.23")
            .expect(200)
            .json()
            .get("migrations");
    assertThat(migrations).hasSize(1);
    JsonNode migration = migrations.get(0);
    assertThat(migration.get("status").asText()).isEqualTo("done");
    assertThat(migration.get("migration_type").asText()).isEqualTo("evacuation");
    assertThat(migration.get("source_compute").asText()).isEqualTo("evac-1");
    assertThat(migration.get("dest_compute").asText()).isEqualTo("evac-2");
    assertThat(migration.get("old_instance_type_id").asInt()).isEqualTo(1);
    assertThat(migration.get("dest_host").isNull()).isTrue();
    JsonNode early =
        get("/v2.1/os-migrations?host=evac-2&status=done", admin(), "2.1")
            .expect(200)
            .json()
            .at("/migrations/0");
    assertThat(early.get("instance_uuid").asText()).isEqualTo(vm);
    assertThat(early.has("migration_type")).isFalse();
    assertThat(
            get("/v2.1/os-migrations?host=evac-9", admin(), null)
                .expect(200)
                .json()
                .get("migrations"))
        .isEmpty();
    get("/v2.1/os-migrations?sort_key=id", admin(), null).expect(400);
    get("/v2.1/os-migrations", server.newProjectUser("member").token(), null).expect(403);
    // Before 2.14 onSharedStorage is required.
    String other = createServer(admin(), "vm2", "evac-2");
    post("/v2.1/servers/" + other + "/action", admin(), "2.1", "{\"evacuate\": {}}").expect(400);
  }

  @Test
  void serversListFlavorsAndImagesWorkForTenants() {
    server.beat("list-1");
    Account member = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    String vm = createServer(member.token(), "web-1", null);
    JsonNode list = get("/v2.1/servers", member.token(), null).expect(200).json();
    assertThat(list.at("/servers/0/id").asText()).isEqualTo(vm);
    JsonNode detail =
        get(
                "/v2.1/" + member.projectId() + "/servers/detail?status=ACTIVE&name=web",
                member.token(),
                "2.53")
            .expect(200)
            .json();
    assertThat(detail.at("/servers/0/tenant_id").asText()).isEqualTo(member.projectId());
    assertThat(detail.at("/servers/0/flavor/original_name").asText()).isEqualTo("m1.tiny");
    assertThat(get("/v2.1/servers?status=SHUTOFF", member.token(), null).json().get("servers"))
        .isEmpty();
    assertThat(get("/v2.1/servers", stranger.token(), null).json().get("servers")).isEmpty();
    get("/v2.1/servers/" + vm, stranger.token(), null).expect(404);
    get("/v2.1/servers?all_tenants=1", member.token(), null).expect(403);
    String host = show(vm).get("OS-EXT-SRV-ATTR:host").asText();
    JsonNode all =
        get("/v2.1/servers/detail?all_tenants=True&host=" + host, admin(), null).expect(200).json();
    assertThat(all.findValuesAsText("id")).contains(vm);
    assertThat(all.findValuesAsText("OS-EXT-SRV-ATTR:host")).containsOnly(host);

    assertThat(get("/v2.1/flavors/detail", member.token(), null).json().get("flavors")).hasSize(5);
    assertThat(get("/v2.1/flavors/1", member.token(), null).json().at("/flavor/name").asText())
        .isEqualTo("m1.tiny");
    JsonNode images = server.http().get("/image/v2/images?name=cirros", member.token()).json();
    String imageId = images.at("/images/0/id").asText();
    server.http().get("/v2/images/" + imageId, member.token()).expect(200);
    server.http().get("/v2/images/nope", member.token()).expect(404);

    server.http().delete("/v2.1/servers/" + vm, stranger.token()).expect(404);
    server.http().delete("/v2.1/servers/" + vm, member.token()).expect(204);
    get("/v2.1/servers/" + vm, member.token(), null).expect(404);
  }

  @Test
  void hypervisorsShowCapacityAndUsage() {
    server.beat("hv-1");
    createServer(admin(), "big", "hv-1");
    JsonNode hypervisors = get("/v2.1/os-hypervisors/detail", admin(), "2.53").expect(200).json();
    JsonNode hv = null;
    for (JsonNode candidate : hypervisors.get("hypervisors")) {
      if (candidate.get("hypervisor_hostname").asText().equals("hv-1")) {
        hv = candidate;
      }
    }
    assertThat(hv).isNotNull();
    assertThat(hv.get("vcpus").asInt()).isEqualTo(64);
    assertThat(hv.get("memory_mb").asLong()).isEqualTo(262_144);
    assertThat(hv.get("vcpus_used").asInt()).isEqualTo(1);
    assertThat(hv.get("state").asText()).isEqualTo("up");
  }

  /** Waits for {@code count} notifications published after index {@code from}. */
  private static List<Notification> awaitNotifications(int from, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (published.size() < from + count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return List.copyOf(published.subList(from, published.size()));
  }
}
