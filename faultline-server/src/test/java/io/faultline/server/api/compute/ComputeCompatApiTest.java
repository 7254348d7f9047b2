package io.faultline.server.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nova compatibility over HTTP against the real server: server fields, update, metadata, power
 * actions, rebuild, list paging, hypervisors, hosts, flavors' extra specs, quotas and key pairs.
 * Each test uses its own host names and projects.
 */
class ComputeCompatApiTest {
  private static final String PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGi8Tt4mPm2qLxE0M3iJcvnWKZpU3hW9wM1b0Y2GkQdP test@host";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String admin() {
    return server.adminToken();
  }

  private static Reply send(String method, String path, String token, String version, String body) {
    return server
        .http()
        .send(
            method,
            path,
            token,
            body,
            version == null ? Map.of() : Map.of("X-OpenStack-Nova-API-Version", version));
  }

  private static String create(String token, String name, String host, String extra) {
    return send(
            "POST",
            "/v2.1/servers",
            token,
            null,
            "{\"server\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\""
                + (host == null ? "" : ", \"availability_zone\": \"nova:" + host + "\"")
                + extra
                + "}}")
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  private static JsonNode show(String id) {
    return send("GET", "/v2.1/servers/" + id, admin(), "2.53", null)
        .expect(200)
        .json()
        .get("server");
  }

  private static void action(String id, String body, int status) {
    send("POST", "/v2.1/servers/" + id + "/action", admin(), null, body).expect(status);
  }

  private static final List<String> SERVER_KEYS =
      List.of(
          "id",
          "name",
          "status",
          "tenant_id",
          "user_id",
          "metadata",
          "hostId",
          "image",
          "flavor",
          "created",
          "updated",
          "addresses",
          "accessIPv4",
          "accessIPv6",
          "links",
          "OS-DCF:diskConfig",
          "progress",
          "OS-EXT-AZ:availability_zone",
          "config_drive",
          "key_name",
          "OS-SRV-USG:launched_at",
          "OS-SRV-USG:terminated_at",
          // No security_groups: as on Nova, a server shows them only when its ports have some, and
          // this one has no port.
          "os-extended-volumes:volumes_attached",
          "OS-EXT-STS:task_state",
          "OS-EXT-STS:vm_state",
          "OS-EXT-STS:power_state",
          "OS-EXT-SRV-ATTR:host",
          "OS-EXT-SRV-ATTR:hypervisor_hostname",
          "OS-EXT-SRV-ATTR:instance_name");

  private static List<String> keys(JsonNode node) {
    List<String> keys = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void serverServiceHypervisorAndFlavorBodiesHaveNovasExactKeys() {
    server.beat("shape-host");
    JsonNode created =
        send(
                "POST",
                "/v2.1/servers",
                admin(),
                null,
                "{\"server\": {\"name\": \"shape\", \"flavorRef\": \"1\", \"imageRef\":"
                    + " \"cirros\", \"networks\": \"none\", \"availability_zone\":"
                    + " \"nova:shape-host\"}}")
            .expect(202)
            .json()
            .get("server");
    assertThat(keys(created))
        .containsExactlyInAnyOrder(
            "id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass");
    String id = created.get("id").asText();

    JsonNode old = send("GET", "/v2.1/servers/" + id, admin(), "2.1", null).expect(200).json();
    assertThat(keys(old.get("server"))).containsExactlyInAnyOrderElementsOf(SERVER_KEYS);
    assertThat(keys(old.at("/server/flavor"))).containsExactlyInAnyOrder("id", "links");
    assertThat(old.at("/server/key_name").isNull()).isTrue();
    assertThat(old.at("/server/OS-EXT-STS:task_state").isNull()).isTrue();
    assertThat(old.at("/server/OS-EXT-STS:power_state").isInt()).isTrue();
    assertThat(old.at("/server/config_drive").asText()).isEmpty();

    JsonNode recent = show(id);
    List<String> recentKeys = new java.util.ArrayList<>(SERVER_KEYS);
    recentKeys.addAll(List.of("locked", "host_status", "description", "tags"));
    assertThat(keys(recent)).containsExactlyInAnyOrderElementsOf(recentKeys);
    assertThat(recent.get("description").isNull()).isTrue();
    assertThat(keys(recent.get("flavor")))
        .containsExactlyInAnyOrder("vcpus", "ram", "disk", "ephemeral", "swap", "original_name");
    List<String> brief =
        keys(
            send("GET", "/v2.1/servers?name=shape", admin(), "2.53", null)
                .expect(200)
                .json()
                .at("/servers/0"));
    assertThat(brief).containsExactlyInAnyOrder("id", "name", "links");

    JsonNode service =
        send("GET", "/v2.1/os-services?host=shape-host", admin(), "2.1", null)
            .expect(200)
            .json()
            .at("/services/0");
    List<String> serviceKeys =
        List.of("id", "binary", "host", "zone", "status", "state", "updated_at", "disabled_reason");
    assertThat(keys(service)).containsExactlyInAnyOrderElementsOf(serviceKeys);
    assertThat(service.get("id").isInt()).isTrue();
    JsonNode recentService =
        send("GET", "/v2.1/os-services?host=shape-host", admin(), "2.53", null)
            .expect(200)
            .json()
            .at("/services/0");
    assertThat(keys(recentService)).contains("forced_down").hasSize(serviceKeys.size() + 1);
    assertThat(recentService.get("id").isTextual()).isTrue();

    JsonNode hypervisor =
        send("GET", "/v2.1/os-hypervisors/shape-host/search", admin(), "2.53", null)
            .expect(200)
            .json()
            .at("/hypervisors/0");
    assertThat(keys(hypervisor))
        .containsExactlyInAnyOrder("id", "hypervisor_hostname", "state", "status");
    JsonNode detail =
        send("GET", "/v2.1/os-hypervisors/" + hypervisor.get("id").asText(), admin(), "2.53", null)
            .expect(200)
            .json()
            .get("hypervisor");
    assertThat(keys(detail))
        .containsExactlyInAnyOrder(
            "id",
            "hypervisor_hostname",
            "state",
            "status",
            "hypervisor_type",
            "hypervisor_version",
            "host_ip",
            "service",
            "vcpus",
            "memory_mb",
            "local_gb",
            "vcpus_used",
            "memory_mb_used",
            "local_gb_used",
            "free_ram_mb",
            "free_disk_gb",
            "current_workload",
            "running_vms",
            "disk_available_least",
            "cpu_info");
    assertThat(detail.get("cpu_info").isObject()).isTrue();
    assertThat(keys(detail.get("service")))
        .containsExactlyInAnyOrder("id", "host", "disabled_reason");
    JsonNode withServers =
        send("GET", "/v2.1/os-hypervisors/shape-host/servers", admin(), "2.53", null)
            .expect(200)
            .json()
            .at("/hypervisors/0");
    assertThat(keys(withServers))
        .containsExactlyInAnyOrder("id", "hypervisor_hostname", "state", "status", "servers");
    assertThat(keys(withServers.at("/servers/0"))).containsExactlyInAnyOrder("uuid", "name");
    JsonNode oldDetail =
        send("GET", "/v2.1/os-hypervisors/detail", admin(), "2.1", null)
            .expect(200)
            .json()
            .at("/hypervisors/0");
    assertThat(oldDetail.get("cpu_info").isTextual()).isTrue();
    assertThat(oldDetail.get("id").isInt()).isTrue();

    JsonNode flavor =
        send("GET", "/v2.1/flavors/1", admin(), "2.53", null).expect(200).json().get("flavor");
    assertThat(keys(flavor))
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "links",
            "ram",
            "vcpus",
            "disk",
            "OS-FLV-EXT-DATA:ephemeral",
            "OS-FLV-DISABLED:disabled",
            "swap",
            "rxtx_factor",
            "os-flavor-access:is_public");
    assertThat(flavor.get("swap").asText()).isEmpty();
    assertThat(
            keys(
                send("GET", "/v2.1/flavors", admin(), "2.53", null)
                    .expect(200)
                    .json()
                    .at("/flavors/0")))
        .containsExactlyInAnyOrder("id", "name", "links");
  }

  @Test
  void createKeepsAccessAddressesMetadataDiskConfigAndTheRequestedPassword() {
    server.beat("compat-c1");
    Reply reply =
        send(
                "POST",
                "/v2.1/servers",
                admin(),
                null,
                """
            {"server": {"name": "keep", "flavorRef": "1", "imageRef": "cirros",
              "networks": "none", "availability_zone": "nova:compat-c1",
              "accessIPv4": "192.0.2.7", "accessIPv6": "2001:db8::7",
              "metadata": {"role": "db"}, "OS-DCF:diskConfig": "AUTO", "adminPass": "s3cret"}}
            """)
            .expect(202);
    assertThat(reply.json().at("/server/adminPass").asText()).isEqualTo("s3cret");
    assertThat(reply.json().at("/server/OS-DCF:diskConfig").asText()).isEqualTo("AUTO");
    JsonNode shown = show(reply.json().at("/server/id").asText());
    assertThat(shown.get("accessIPv4").asText()).isEqualTo("192.0.2.7");
    assertThat(shown.get("accessIPv6").asText()).isEqualTo("2001:db8::7");
    assertThat(shown.at("/metadata/role").asText()).isEqualTo("db");
    assertThat(shown.get("OS-DCF:diskConfig").asText()).isEqualTo("AUTO");

    Reply bad =
        send(
            "POST",
            "/v2.1/servers",
            admin(),
            null,
            "{\"server\": {\"name\": \"x\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                + " \"accessIPv4\": \"not-an-ip\"}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/badRequest/message").asText()).contains("accessIPv4");
    send(
            "POST",
            "/v2.1/servers",
            admin(),
            null,
            "{\"server\": {\"name\": \"x\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                + " \"metadata\": {\"n\": 1}}}")
        .expect(400);
    send(
            "POST",
            "/v2.1/servers",
            admin(),
            null,
            "{\"server\": {\"name\": \"x\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                + " \"key_name\": \"no-such-key\"}}")
        .expect(400);
  }

  @Test
  void updateRenamesAndSetsTheDescriptionAtItsMicroversion() {
    server.beat("compat-c2");
    String id = create(admin(), "before", "compat-c2", "");
    JsonNode updated =
        send(
                "PUT",
                "/v2.1/servers/" + id,
                admin(),
                "2.19",
                "{\"server\": {\"name\": \"after\", \"accessIPv4\": \"198.51.100.1\","
                    + " \"description\": \"web tier\"}}")
            .expect(200)
            .json()
            .get("server");
    assertThat(updated.get("name").asText()).isEqualTo("after");
    assertThat(updated.get("description").asText()).isEqualTo("web tier");
    assertThat(show(id).get("accessIPv4").asText()).isEqualTo("198.51.100.1");
    send("PUT", "/v2.1/servers/" + id, admin(), "2.1", "{\"server\": {\"description\": \"x\"}}")
        .expect(400);
    send("PUT", "/v2.1/servers/" + id, admin(), null, "{\"server\": {\"name\": \"\"}}").expect(400);
    assertThat(show(id).get("name").asText()).isEqualTo("after");
  }

  @Test
  void metadataRoutesMergeReplaceAndDelete() {
    server.beat("compat-c3");
    String id = create(admin(), "meta", "compat-c3", ", \"metadata\": {\"a\": \"1\"}");
    String base = "/v2.1/servers/" + id + "/metadata";
    assertThat(send("GET", base, admin(), null, null).expect(200).json().at("/metadata/a").asText())
        .isEqualTo("1");
    JsonNode merged =
        send("POST", base, admin(), null, "{\"metadata\": {\"b\": \"2\"}}").expect(200).json();
    assertThat(merged.get("metadata").size()).isEqualTo(2);
    JsonNode replaced =
        send("PUT", base, admin(), null, "{\"metadata\": {\"c\": \"3\"}}").expect(200).json();
    assertThat(replaced.get("metadata").size()).isEqualTo(1);
    send("PUT", base + "/d", admin(), null, "{\"meta\": {\"d\": \"4\"}}").expect(200);
    assertThat(
            send("GET", base + "/d", admin(), null, null).expect(200).json().at("/meta/d").asText())
        .isEqualTo("4");
    send("PUT", base + "/d", admin(), null, "{\"meta\": {\"e\": \"4\"}}").expect(400);
    send("DELETE", base + "/c", admin(), null, null).expect(204);
    send("GET", base + "/c", admin(), null, null).expect(404);
    send("DELETE", base + "/c", admin(), null, null).expect(404);
    assertThat(show(id).get("metadata").size()).isEqualTo(1);
  }

  @Test
  void stopStartRebootFollowNovasStatesAndAHostDownInstanceStartsOnceItsHostIsBack() {
    server.beat("compat-c4");
    String id = create(admin(), "power", "compat-c4", "");
    action(id, "{\"os-stop\": null}", 202);
    assertThat(show(id).get("status").asText()).isEqualTo("SHUTOFF");
    action(id, "{\"os-stop\": null}", 409);
    action(id, "{\"reboot\": {\"type\": \"SOFT\"}}", 409);
    action(id, "{\"reboot\": {\"type\": \"HARD\"}}", 202);
    assertThat(show(id).get("status").asText()).isEqualTo("ACTIVE");
    action(id, "{\"reboot\": {\"type\": \"WARM\"}}", 400);
    action(id, "{\"os-start\": null}", 409);

    send(
            "PUT",
            "/v2.1/os-services/force-down",
            admin(),
            "2.11",
            "{\"host\": \"compat-c4\", \"binary\": \"nova-compute\", \"forced_down\": true}")
        .expect(200);
    assertThat(show(id).get("status").asText()).isEqualTo("SHUTOFF");
    Reply refused =
        send("POST", "/v2.1/servers/" + id + "/action", admin(), null, "{\"os-start\": null}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().at("/conflictingRequest/message").asText()).contains("compat-c4");
    assertThat(show(id).get("status").asText()).isEqualTo("SHUTOFF");

    send(
            "PUT",
            "/v2.1/os-services/force-down",
            admin(),
            "2.11",
            "{\"host\": \"compat-c4\", \"binary\": \"nova-compute\", \"forced_down\": false}")
        .expect(200);
    server.beat("compat-c4");
    action(id, "{\"os-start\": null}", 202);
    JsonNode started = show(id);
    assertThat(started.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(started.get("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
    JsonNode actions =
        send("GET", "/v2.1/servers/" + id + "/os-instance-actions", admin(), null, null)
            .expect(200)
            .json()
            .get("instanceActions");
    assertThat(actions)
        .extracting(a -> a.get("action").asText())
        .contains("stop", "reboot", "start");
  }

  @Test
  void rebuildChangesImageAndNameAndReturnsThePassword() {
    server.beat("compat-c5");
    String id = create(admin(), "old", "compat-c5", "");
    JsonNode rebuilt =
        send(
                "POST",
                "/v2.1/servers/" + id + "/action",
                admin(),
                null,
                "{\"rebuild\": {\"imageRef\": \"cirros\", \"name\": \"new\", \"adminPass\": \"pw1\","
                    + " \"metadata\": {\"k\": \"v\"}}}")
            .expect(202)
            .json()
            .get("server");
    assertThat(rebuilt.get("name").asText()).isEqualTo("new");
    assertThat(rebuilt.get("adminPass").asText()).isEqualTo("pw1");
    assertThat(show(id).at("/metadata/k").asText()).isEqualTo("v");
    action(id, "{\"rebuild\": {\"imageRef\": \"no-such-image\"}}", 400);
    action(id, "{\"rebuild\": {\"name\": \"x\"}}", 400);
  }

  @Test
  void updateTakesDiskConfigAsNovaDoes() {
    server.beat("compat-c9");
    String id = create(admin(), "disk", "compat-c9", "");
    assertThat(show(id).get("OS-DCF:diskConfig").asText()).isEqualTo("MANUAL");
    JsonNode updated =
        send(
                "PUT",
                "/v2.1/servers/" + id,
                admin(),
                null,
                "{\"server\": {\"OS-DCF:diskConfig\": \"AUTO\", \"name\": \"disk2\"}}")
            .expect(200)
            .json()
            .get("server");
    assertThat(updated.get("OS-DCF:diskConfig").asText()).isEqualTo("AUTO");
    assertThat(updated.get("name").asText()).isEqualTo("disk2");
    assertThat(show(id).get("OS-DCF:diskConfig").asText()).isEqualTo("AUTO");
    Reply bad =
        send(
            "PUT",
            "/v2.1/servers/" + id,
            admin(),
            null,
            "{\"server\": {\"OS-DCF:diskConfig\": \"SOMETIMES\"}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/badRequest/message").asText()).contains("OS-DCF:diskConfig");
    assertThat(show(id).get("OS-DCF:diskConfig").asText()).isEqualTo("AUTO");
  }

  @Test
  void listPagesWithLimitAndMarkerAndRejectsBadValuesAndUnknownFilters() {
    server.beat("compat-c6");
    Account member = server.newProjectUser("member");
    String first = create(member.token(), "page-1", null, "");
    String second = create(member.token(), "page-2", null, "");
    String third = create(member.token(), "page-3", null, "");
    JsonNode page =
        send("GET", "/v2.1/servers?limit=2", member.token(), null, null).expect(200).json();
    assertThat(page.get("servers"))
        .extracting(s -> s.get("id").asText())
        .containsExactly(third, second);
    String next = page.at("/servers_links/0/href").asText();
    assertThat(next).contains("marker=" + second);
    JsonNode rest =
        send("GET", "/v2.1/servers/detail?marker=" + second, member.token(), null, null)
            .expect(200)
            .json();
    assertThat(rest.get("servers")).extracting(s -> s.get("id").asText()).containsExactly(first);
    for (String bad :
        new String[] {
          "limit=-1", "limit=two", "marker=nope", "changes-since=yesterday", "colour=red"
        }) {
      Reply reply = send("GET", "/v2.1/servers?" + bad, member.token(), null, null);
      assertThat(reply.status()).as(bad).isEqualTo(400);
      assertThat(reply.json().at("/badRequest/message").asText()).as(bad).isNotBlank();
    }
    send("DELETE", "/v2.1/servers/" + first, member.token(), null, null).expect(204);
    JsonNode changed =
        send(
                "GET",
                "/v2.1/servers/detail?changes-since=2000-01-01T00:00:00Z",
                member.token(),
                null,
                null)
            .expect(200)
            .json();
    assertThat(changed.get("servers"))
        .anySatisfy(
            s -> {
              assertThat(s.get("id").asText()).isEqualTo(first);
              assertThat(s.get("status").asText()).isEqualTo("DELETED");
            });
    JsonNode live = send("GET", "/v2.1/servers", member.token(), null, null).expect(200).json();
    assertThat(live.get("servers")).hasSize(2);
  }

  @Test
  void hypervisorsShowTheReportedAddressUptimeStatisticsSearchAndServers() {
    server
        .http()
        .post(
            "/v1/agents/heartbeat",
            admin(),
            "{\"host\": \"compat-hv1\", \"host_ip\": \"192.0.2.41\", \"uptime_seconds\": 90061.5,"
                + " \"load_average\": \"0.50, 0.40, 0.30\"}")
        .expect(200);
    server.beat("compat-hv2");
    String vm = create(admin(), "on-hv1", "compat-hv1", "");
    JsonNode found =
        send("GET", "/v2.1/os-hypervisors/compat-hv1/search", admin(), "2.53", null)
            .expect(200)
            .json()
            .at("/hypervisors/0");
    String id = found.get("id").asText();
    JsonNode shown =
        send("GET", "/v2.1/os-hypervisors/" + id, admin(), "2.53", null).expect(200).json();
    assertThat(shown.at("/hypervisor/host_ip").asText()).isEqualTo("192.0.2.41");
    assertThat(shown.at("/hypervisor/running_vms").asInt()).isEqualTo(1);
    String uptime =
        send("GET", "/v2.1/os-hypervisors/" + id + "/uptime", admin(), "2.53", null)
            .expect(200)
            .json()
            .at("/hypervisor/uptime")
            .asText();
    assertThat(uptime)
        .matches(
            "\\s*\\d\\d:\\d\\d:\\d\\d up 1 day, 1:01,  0 users,  load average: 0.50, 0.40, 0.30");
    JsonNode other =
        send("GET", "/v2.1/os-hypervisors/compat-hv2/search", admin(), "2.53", null)
            .expect(200)
            .json()
            .at("/hypervisors/0");
    send(
            "GET",
            "/v2.1/os-hypervisors/" + other.get("id").asText() + "/uptime",
            admin(),
            "2.53",
            null)
        .expect(501);
    assertThat(other.has("host_ip")).isFalse();
    JsonNode servers =
        send("GET", "/v2.1/os-hypervisors/compat-hv1/servers", admin(), "2.53", null)
            .expect(200)
            .json();
    assertThat(servers.at("/hypervisors/0/servers/0/uuid").asText()).isEqualTo(vm);
    JsonNode statistics =
        send("GET", "/v2.1/os-hypervisors/statistics", admin(), null, null).expect(200).json();
    assertThat(statistics.at("/hypervisor_statistics/count").asInt()).isGreaterThanOrEqualTo(2);
    send("GET", "/v2.1/os-hypervisors/no-such", admin(), "2.53", null).expect(404);
    send("GET", "/v2.1/os-hypervisors/nowhere-at-all/search", admin(), null, null).expect(404);
    server
        .http()
        .post(
            "/v1/agents/heartbeat",
            admin(),
            "{\"host\": \"compat-hv1\", \"host_ip\": \"example.org\"}")
        .expect(400);
    Account member = server.newProjectUser("member");
    send("GET", "/v2.1/os-hypervisors/" + id, member.token(), "2.53", null).expect(403);
  }

  @Test
  void aggregatesHostsAndFlavorExtraSpecs() {
    server.beat("compat-h1");
    create(admin(), "on-h1", "compat-h1", "");
    assertThat(
            send("GET", "/v2.1/os-aggregates", admin(), null, null)
                .expect(200)
                .json()
                .get("aggregates"))
        .isEmpty();
    send("GET", "/v2.1/os-aggregates/1", admin(), null, null).expect(404);
    JsonNode host = send("GET", "/v2.1/os-hosts/compat-h1", admin(), null, null).expect(200).json();
    assertThat(host.at("/host/0/resource/project").asText()).isEqualTo("(total)");
    assertThat(host.at("/host/1/resource/cpu").asInt()).isEqualTo(1);
    assertThat(host.get("host")).hasSize(4);
    send("GET", "/v2.1/os-hosts/nowhere", admin(), null, null).expect(404);
    assertThat(
            send("GET", "/v2.1/os-hosts?zone=nova", admin(), null, null)
                .expect(200)
                .json()
                .get("hosts"))
        .isNotEmpty();
    assertThat(
            send("GET", "/v2.1/os-hosts?zone=other", admin(), null, null)
                .expect(200)
                .json()
                .get("hosts"))
        .isEmpty();
    send("GET", "/v2.1/os-hosts?colour=red", admin(), null, null).expect(400);
    assertThat(
            send("GET", "/v2.1/flavors/1/os-extra_specs", admin(), null, null)
                .expect(200)
                .json()
                .get("extra_specs"))
        .isEmpty();
    send("GET", "/v2.1/flavors/99/os-extra_specs", admin(), null, null).expect(404);
  }

  @Test
  void limitsShowTheProjectsQuotasAndUsageByMicroversion() {
    server.beat("compat-l1");
    Account member = server.newProjectUser("member");
    String project = member.projectId();
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project,
            admin(),
            null,
            "{\"quota_set\": {\"instances\": 4, \"cores\": 7}}")
        .expect(200);
    create(member.token(), "counted", null, "");

    JsonNode old =
        send("GET", "/v2.1/limits", member.token(), null, null).expect(200).json().get("limits");
    JsonNode absolute = old.get("absolute");
    assertThat(absolute.get("maxTotalInstances").asInt()).isEqualTo(4);
    assertThat(absolute.get("maxTotalCores").asInt()).isEqualTo(7);
    assertThat(absolute.get("maxTotalRAMSize").asInt()).isEqualTo(51200);
    assertThat(absolute.get("totalInstancesUsed").asInt()).isEqualTo(1);
    assertThat(absolute.get("totalCoresUsed").asInt()).isEqualTo(1);
    assertThat(absolute.get("totalRAMUsed").asInt()).isEqualTo(512);
    assertThat(absolute.has("maxSecurityGroups")).isTrue();
    assertThat(absolute.has("maxImageMeta")).isTrue();
    assertThat(absolute.has("maxPersonality")).isTrue();
    assertThat(old.get("rate").isArray()).isTrue();
    JsonNode latest =
        send("GET", "/v2.1/limits", member.token(), "2.53", null)
            .expect(200)
            .json()
            .at("/limits/absolute");
    assertThat(latest.has("maxSecurityGroups")).isFalse();
    assertThat(latest.has("totalFloatingIpsUsed")).isFalse();
    assertThat(latest.has("maxImageMeta")).isFalse();
    assertThat(latest.has("maxPersonality")).isTrue();
    assertThat(latest.get("totalInstancesUsed").asInt()).isEqualTo(1);

    // Another project's limits are the admin's to read; an unknown query parameter is a 400.
    assertThat(
            send("GET", "/v2.1/limits?tenant_id=" + project, admin(), null, null)
                .expect(200)
                .json()
                .at("/limits/absolute/maxTotalInstances")
                .asInt())
        .isEqualTo(4);
    String other = server.newProjectUser("member").projectId();
    send("GET", "/v2.1/limits?tenant_id=" + other, member.token(), null, null).expect(403);
    send("GET", "/v2.1/limits?widgets=1", member.token(), null, null).expect(400);
  }

  @Test
  void quotasAreShownSetEnforcedAndReset() {
    server.beat("compat-q1");
    Account member = server.newProjectUser("member");
    String project = member.projectId();
    JsonNode defaults =
        send("GET", "/v2.1/os-quota-sets/" + project + "/defaults", member.token(), null, null)
            .expect(200)
            .json();
    assertThat(defaults.at("/quota_set/instances").asInt()).isEqualTo(10);
    assertThat(defaults.at("/quota_set/id").asText()).isEqualTo(project);
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project,
            member.token(),
            null,
            "{\"quota_set\": {\"instances\": 5}}")
        .expect(403);
    JsonNode set =
        send(
                "PUT",
                "/v2.1/os-quota-sets/" + project,
                admin(),
                null,
                "{\"quota_set\": {\"instances\": 1}}")
            .expect(200)
            .json();
    assertThat(set.at("/quota_set/instances").asInt()).isEqualTo(1);
    assertThat(
            send("GET", "/v2.1/os-quota-sets/" + project, member.token(), null, null)
                .expect(200)
                .json()
                .at("/quota_set/instances")
                .asInt())
        .isEqualTo(1);

    create(member.token(), "within", null, "");
    Reply over =
        send(
            "POST",
            "/v2.1/servers",
            member.token(),
            null,
            "{\"server\": {\"name\": \"over\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\"}}");
    assertThat(over.status()).isEqualTo(403);
    assertThat(over.json().at("/forbidden/message").asText())
        .isEqualTo("Quota exceeded for instances: Requested 1, but already used 1 of 1 instances");
    assertThat(send("GET", "/v2.1/servers", member.token(), null, null).json().get("servers"))
        .hasSize(1);

    JsonNode detail =
        send("GET", "/v2.1/os-quota-sets/" + project + "/detail", member.token(), null, null)
            .expect(200)
            .json();
    assertThat(detail.at("/quota_set/instances/in_use").asInt()).isEqualTo(1);
    assertThat(detail.at("/quota_set/cores/in_use").asInt()).isEqualTo(1);
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project,
            admin(),
            null,
            "{\"quota_set\": {\"instances\": 0}}")
        .expect(400);
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project,
            admin(),
            null,
            "{\"quota_set\": {\"instances\": -2}}")
        .expect(400);
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project,
            admin(),
            null,
            "{\"quota_set\": {\"widgets\": 2}}")
        .expect(400);
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project + "?user_id=" + member.userId(),
            admin(),
            null,
            "{\"quota_set\": {\"instances\": 3}}")
        .expect(400);
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + project + "?user_id=" + member.userId(),
            admin(),
            null,
            "{\"quota_set\": {\"cores\": 5}}")
        .expect(200);
    assertThat(
            send(
                    "GET",
                    "/v2.1/os-quota-sets/" + project + "?user_id=" + member.userId(),
                    admin(),
                    null,
                    null)
                .json()
                .at("/quota_set/cores")
                .asInt())
        .isEqualTo(5);

    send("DELETE", "/v2.1/os-quota-sets/" + project, admin(), null, null).expect(202);
    assertThat(
            send("GET", "/v2.1/os-quota-sets/" + project, admin(), null, null)
                .json()
                .at("/quota_set/instances")
                .asInt())
        .isEqualTo(10);
    create(member.token(), "after-reset", null, "");

    JsonNode quotaClass =
        send(
                "PUT",
                "/v2.1/os-quota-class-sets/default",
                admin(),
                null,
                "{\"quota_class_set\": {\"key_pairs\": 50}}")
            .expect(200)
            .json();
    assertThat(quotaClass.at("/quota_class_set/key_pairs").asInt()).isEqualTo(50);
    assertThat(
            send("GET", "/v2.1/os-quota-class-sets/default", admin(), null, null)
                .json()
                .at("/quota_class_set/key_pairs")
                .asInt())
        .isEqualTo(50);
    send("GET", "/v2.1/os-quota-class-sets/default", member.token(), null, null).expect(403);
    send(
            "PUT",
            "/v2.1/os-quota-class-sets/default",
            admin(),
            null,
            "{\"quota_class_set\": {\"key_pairs\": 100}}")
        .expect(200);
  }

  @Test
  void keypairsAreCreatedImportedListedShownAndDeleted() {
    Account member = server.newProjectUser("member");
    Reply generated =
        send(
            "POST",
            "/v2.1/os-keypairs",
            member.token(),
            "2.2",
            "{\"keypair\": {\"name\": \"gen\"}}");
    generated.expect(201);
    assertThat(generated.json().at("/keypair/private_key").asText())
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(generated.json().at("/keypair/public_key").asText()).startsWith("ssh-rsa ");
    assertThat(generated.json().at("/keypair/fingerprint").asText())
        .matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");

    JsonNode imported =
        send(
                "POST",
                "/v2.1/os-keypairs",
                member.token(),
                null,
                "{\"keypair\": {\"name\": \"imported\", \"public_key\": \"" + PUBLIC_KEY + "\"}}")
            .expect(200)
            .json();
    assertThat(imported.at("/keypair/private_key").isMissingNode()).isTrue();
    send(
            "POST",
            "/v2.1/os-keypairs",
            member.token(),
            null,
            "{\"keypair\": {\"name\": \"imported\", \"public_key\": \"" + PUBLIC_KEY + "\"}}")
        .expect(409);
    send(
            "POST",
            "/v2.1/os-keypairs",
            member.token(),
            null,
            "{\"keypair\": {\"name\": \"bad\", \"public_key\": \"ssh-rsa nonsense\"}}")
        .expect(400);
    send(
            "POST",
            "/v2.1/os-keypairs",
            member.token(),
            null,
            "{\"keypair\": {\"name\": \"bad/name\"}}")
        .expect(400);

    JsonNode list = send("GET", "/v2.1/os-keypairs", member.token(), null, null).expect(200).json();
    assertThat(list.get("keypairs"))
        .extracting(k -> k.at("/keypair/name").asText())
        .containsExactly("gen", "imported");
    JsonNode shown =
        send("GET", "/v2.1/os-keypairs/imported", member.token(), null, null).expect(200).json();
    assertThat(shown.at("/keypair/user_id").asText()).isEqualTo(member.userId());
    assertThat(shown.at("/keypair/public_key").asText()).isEqualTo(PUBLIC_KEY);

    Account other = server.newProjectUser("member");
    send("GET", "/v2.1/os-keypairs/imported", other.token(), null, null).expect(404);
    send("GET", "/v2.1/os-keypairs?user_id=" + member.userId(), other.token(), "2.10", null)
        .expect(403);

    server.beat("compat-k1");
    String vm = create(member.token(), "keyed", null, ", \"key_name\": \"imported\"");
    assertThat(show(vm).get("key_name").asText()).isEqualTo("imported");

    send("DELETE", "/v2.1/os-keypairs/gen", member.token(), "2.2", null).expect(204);
    send("DELETE", "/v2.1/os-keypairs/gen", member.token(), "2.2", null).expect(404);
    send("DELETE", "/v2.1/os-keypairs/imported", member.token(), null, null).expect(202);
  }

  @Test
  void adminsCreateFlavorsWithExtraSpecsAndAccessAndOthersSeeOnlyWhatTheyMayUse() {
    Account member = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    send(
            "POST",
            "/v2.1/flavors",
            member.token(),
            null,
            "{\"flavor\": {\"name\": \"f-denied\", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}")
        .expect(403);
    JsonNode created =
        send(
                "POST",
                "/v2.1/flavors",
                admin(),
                null,
                "{\"flavor\": {\"name\": \"f-private\", \"id\": \"f-private\", \"ram\": 64,"
                    + " \"vcpus\": 1, \"disk\": 1, \"os-flavor-access:is_public\": false}}")
            .expect(200)
            .json();
    assertThat(created.at("/flavor/os-flavor-access:is_public").asBoolean()).isFalse();
    send(
            "POST",
            "/v2.1/flavors",
            admin(),
            null,
            "{\"flavor\": {\"name\": \"f-private\", \"ram\": 64, \"vcpus\": 1, \"disk\": 1}}")
        .expect(409);
    send(
            "POST",
            "/v2.1/flavors",
            admin(),
            null,
            "{\"flavor\": {\"name\": \"f-bad\", \"ram\": 0, \"vcpus\": 1, \"disk\": 1}}")
        .expect(400);

    send(
            "POST",
            "/v2.1/flavors/f-private/os-extra_specs",
            admin(),
            null,
            "{\"extra_specs\": {\"hw:cpu_policy\": \"dedicated\"}}")
        .expect(200);
    assertThat(
            send("GET", "/v2.1/flavors/f-private/os-extra_specs/hw:cpu_policy", admin(), null, null)
                .expect(200)
                .json()
                .get("hw:cpu_policy")
                .asText())
        .isEqualTo("dedicated");
    send("PUT", "/v2.1/flavors/f-private/os-extra_specs/k", member.token(), null, "{\"k\": \"v\"}")
        .expect(403);

    send("GET", "/v2.1/flavors/f-private", member.token(), null, null).expect(404);
    send(
            "POST",
            "/v2.1/flavors/f-private/action",
            admin(),
            null,
            "{\"addTenantAccess\": {\"tenant\": \"" + member.projectId() + "\"}}")
        .expect(200);
    send(
            "POST",
            "/v2.1/flavors/f-private/action",
            admin(),
            null,
            "{\"addTenantAccess\": {\"tenant\": \"" + member.projectId() + "\"}}")
        .expect(409);
    JsonNode access =
        send("GET", "/v2.1/flavors/f-private/os-flavor-access", admin(), null, null)
            .expect(200)
            .json();
    assertThat(access.at("/flavor_access/0/tenant_id").asText()).isEqualTo(member.projectId());
    send("GET", "/v2.1/flavors/1/os-flavor-access", admin(), null, null).expect(404);
    send("GET", "/v2.1/flavors/f-private", member.token(), null, null).expect(200);
    assertThat(
            send("GET", "/v2.1/flavors/detail?is_public=none", member.token(), null, null)
                .expect(200)
                .json()
                .get("flavors"))
        .extracting(f -> f.get("id").asText())
        .contains("f-private", "1");

    server.beat("compat-f1");
    String vm =
        send(
                "POST",
                "/v2.1/servers",
                member.token(),
                null,
                "{\"server\": {\"name\": \"small\", \"flavorRef\": \"f-private\", \"imageRef\": \"cirros\"}}")
            .expect(202)
            .json()
            .at("/server/id")
            .asText();
    assertThat(show(vm).at("/flavor/original_name").asText()).isEqualTo("f-private");
    send(
            "POST",
            "/v2.1/servers",
            stranger.token(),
            null,
            "{\"server\": {\"name\": \"small\", \"flavorRef\": \"f-private\", \"imageRef\": \"cirros\"}}")
        .expect(400);
    send("GET", "/v2.1/flavors?colour=red", admin(), null, null).expect(400);
    send("DELETE", "/v2.1/flavors/f-private", admin(), null, null).expect(202);
    send("GET", "/v2.1/flavors/f-private", admin(), null, null).expect(404);
    assertThat(show(vm).get("status").asText()).isEqualTo("ACTIVE");
  }
}
