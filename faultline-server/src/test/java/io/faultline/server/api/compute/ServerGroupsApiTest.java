package io.faultline.server.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nova's server groups over HTTP against the real server: the API, and placement by the group's
 * policy at boot and at evacuation. Each test has a server of its own, so that the scheduler sees
 * only the hosts the test registers.
 */
class ServerGroupsApiTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Reply send(String method, String path, String token, String version, String body) {
    return server
        .http()
        .send(
            method,
            path,
            token,
            body,
            version == null ? Map.of() : Map.of("X-OpenStack-Nova-API-Version", version));
  }

  private String admin() {
    return server.adminToken();
  }

  private String group(String token, String version, String name, String policy) {
    return send(
            "POST",
            "/v2.1/os-server-groups",
            token,
            version,
            "{\"server_group\": {\"name\": \"" + name + "\", \"policies\": [\"" + policy + "\"]}}")
        .expect(200)
        .json()
        .at("/server_group/id")
        .asText();
  }

  private Reply boot(String token, String name, String group, String host) {
    return send(
        "POST",
        "/v2.1/servers",
        token,
        null,
        "{\"server\": {\"name\": \""
            + name
            + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\""
            + (host == null ? "" : ", \"availability_zone\": \"nova:" + host + "\"")
            + "}"
            + (group == null ? "" : ", \"os:scheduler_hints\": {\"group\": \"" + group + "\"}")
            + "}");
  }

  private String bootInto(String token, String name, String group) {
    return boot(token, name, group, null).expect(202).json().at("/server/id").asText();
  }

  private String hostOf(String server) {
    return send("GET", "/v2.1/servers/" + server, admin(), "2.53", null)
        .expect(200)
        .json()
        .at("/server/OS-EXT-SRV-ATTR:host")
        .asText();
  }

  private JsonNode show(String token, String group) {
    return send("GET", "/v2.1/os-server-groups/" + group, token, "2.13", null)
        .expect(200)
        .json()
        .get("server_group");
  }

  private static List<String> members(JsonNode group) {
    List<String> members = new ArrayList<>();
    group.get("members").forEach(member -> members.add(member.asText()));
    return members;
  }

  private String message(Reply reply) {
    JsonNode body = reply.json();
    return body.elements().next().get("message").asText();
  }

  private Reply evacuate(String server, String host) {
    return send(
        "POST",
        "/v2.1/servers/" + server + "/action",
        admin(),
        "2.29",
        host == null ? "{\"evacuate\": {}}" : "{\"evacuate\": {\"host\": \"" + host + "\"}}");
  }

  private void reportDown(String host) {
    send("PUT", "/v2.1/os-hosts/" + host, admin(), null, "{\"host_down_reported\": true}")
        .expect(200);
  }

  @Test
  void antiAffinityPutsEachMemberOnItsOwnHostAtBootAndAtEvacuation() {
    for (String host : List.of("sg-1", "sg-2", "sg-3")) {
      server.beat(host);
    }
    Account member = server.newProjectUser("member");
    String group = group(member.token(), null, "vnf-ha", "anti-affinity");
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      servers.add(bootInto(member.token(), "vnfc-" + i, group));
    }
    Set<String> hosts = new HashSet<>();
    servers.forEach(s -> hosts.add(hostOf(s)));
    assertThat(hosts).containsExactlyInAnyOrder("sg-1", "sg-2", "sg-3");
    // A fourth member has no host of its own left; a server outside the group still boots.
    assertThat(message(boot(member.token(), "vnfc-3", group, null).expect(400)))
        .isEqualTo("No valid host was found. There are not enough hosts available.");
    bootInto(member.token(), "loner", null);
    assertThat(members(show(member.token(), group))).containsExactlyElementsOf(servers);

    // Its host fails: the member cannot be evacuated onto a host holding another member.
    String failed = servers.get(0);
    String failedHost = hostOf(failed);
    reportDown(failedHost);
    assertThat(message(evacuate(failed, null).expect(400)))
        .isEqualTo("No valid host was found. There are not enough hosts available.");
    assertThat(message(evacuate(failed, hostOf(servers.get(1))).expect(400)))
        .isEqualTo("No valid host was found. There are not enough hosts available.");
    server.beat("sg-4");
    evacuate(failed, null).expect(200);
    assertThat(hostOf(failed)).isEqualTo("sg-4");
  }

  @Test
  void concurrentBootsIntoOneAntiAffinityGroupStillLandApart() throws Exception {
    List<String> hosts = List.of("cc-1", "cc-2", "cc-3", "cc-4", "cc-5", "cc-6");
    hosts.forEach(server::beat);
    Account member = server.newProjectUser("member");
    String group = group(member.token(), null, "racing", "anti-affinity");
    ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
    try {
      List<Future<String>> boots = new ArrayList<>();
      for (int i = 0; i < hosts.size(); i++) {
        String name = "racer-" + i;
        boots.add(pool.submit(() -> bootInto(member.token(), name, group)));
      }
      Set<String> used = new HashSet<>();
      for (Future<String> boot : boots) {
        used.add(hostOf(boot.get(60, TimeUnit.SECONDS)));
      }
      assertThat(used).containsExactlyInAnyOrderElementsOf(hosts);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void affinityKeepsMembersTogetherAndSoftPoliciesOnlyOrderTheHosts() {
    for (String host : List.of("af-1", "af-2")) {
      server.beat(host);
    }
    Account member = server.newProjectUser("member");
    String together = group(member.token(), null, "together", "affinity");
    String first = bootInto(member.token(), "a", together);
    String second = bootInto(member.token(), "b", together);
    assertThat(hostOf(second)).isEqualTo(hostOf(first));
    String elsewhere = hostOf(first).equals("af-1") ? "af-2" : "af-1";
    boot(admin(), "c", together, elsewhere).expect(400);
    // Evacuated alone, an affinity member has nowhere to go: its group's host is the failed one.
    reportDown(hostOf(first));
    assertThat(message(evacuate(first, null).expect(400)))
        .isEqualTo("No valid host was found. There are not enough hosts available.");

    server.beat("af-3");
    String apart = group(member.token(), "2.15", "apart", "soft-anti-affinity");
    String x = bootInto(member.token(), "x", apart);
    String y = bootInto(member.token(), "y", apart);
    assertThat(hostOf(x)).isNotEqualTo(hostOf(y));
    // Soft: a third and fourth member still boot with one host up for them, and share it.
    bootInto(member.token(), "z", apart);
    bootInto(member.token(), "w", apart);
    assertThat(members(show(member.token(), apart))).hasSize(4);
  }

  @Test
  void groupsAreTheirProjectsUnderQuotaAndBadRequestsChangeNothing() {
    server.beat("q-1");
    Account member = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    JsonNode created =
        send(
                "POST",
                "/v2.1/os-server-groups",
                member.token(),
                "2.13",
                "{\"server_group\": {\"name\": \"mine\", \"policies\": [\"affinity\"]}}")
            .expect(200)
            .json()
            .get("server_group");
    String group = created.get("id").asText();
    assertThat(created.get("project_id").asText()).isEqualTo(member.projectId());
    assertThat(created.get("user_id").asText()).isEqualTo(member.userId());
    assertThat(created.get("policies").toString()).isEqualTo("[\"affinity\"]");
    assertThat(created.get("metadata").toString()).isEqualTo("{}");
    JsonNode old =
        send("GET", "/v2.1/os-server-groups/" + group, member.token(), "2.12", null)
            .expect(200)
            .json()
            .get("server_group");
    assertThat(old.has("project_id")).isFalse();
    assertThat(old.has("user_id")).isFalse();

    // Another project neither lists it, nor reads, deletes or joins it.
    assertThat(
            send("GET", "/v2.1/os-server-groups", stranger.token(), null, null)
                .expect(200)
                .json()
                .get("server_groups"))
        .isEmpty();
    send("GET", "/v2.1/os-server-groups?all_projects=True", stranger.token(), null, null)
        .expect(200);
    assertThat(
            send("GET", "/v2.1/os-server-groups?all_projects=True", stranger.token(), null, null)
                .json()
                .get("server_groups"))
        .isEmpty();
    send("GET", "/v2.1/os-server-groups/" + group, stranger.token(), null, null).expect(403);
    send("DELETE", "/v2.1/os-server-groups/" + group, stranger.token(), null, null).expect(403);
    assertThat(message(boot(stranger.token(), "s", group, null).expect(400)))
        .isEqualTo("Instance group " + group + " could not be found.");
    String theirs = group(stranger.token(), null, "theirs", "anti-affinity");
    JsonNode all =
        send("GET", "/v2.1/os-server-groups?all_projects=True", admin(), null, null)
            .expect(200)
            .json()
            .get("server_groups");
    List<String> ids = new ArrayList<>();
    all.forEach(g -> ids.add(g.get("id").asText()));
    assertThat(ids).containsExactly(group, theirs);
    assertThat(
            send(
                    "GET",
                    "/v2.1/os-server-groups?all_projects=1&offset=1&limit=1",
                    admin(),
                    null,
                    null)
                .expect(200)
                .json()
                .at("/server_groups/0/id")
                .asText())
        .isEqualTo(theirs);

    // Bad requests: each a 400 with what is wrong, and no group made.
    Map<String, String> bad =
        Map.of(
            "{\"server_group\": {\"name\": \"n\"}}", "policies",
            "{\"server_group\": {\"name\": \"n\", \"policies\": []}}", "exactly one",
            "{\"server_group\": {\"name\": \"n\", \"policies\": [\"affinity\", \"anti-affinity\"]}}",
                "exactly one",
            "{\"server_group\": {\"name\": \"n\", \"policies\": [\"spread\"]}}", "spread",
            "{\"server_group\": {\"name\": \"n\", \"policies\": [\"soft-affinity\"]}}",
                "soft-affinity",
            "{\"server_group\": {\"name\": \" n\", \"policies\": [\"affinity\"]}}", "whitespace",
            "{\"server_group\": {\"name\": \"n\", \"policies\": [\"affinity\"], \"rules\": {}}}",
                "rules",
            "{\"server_group\": {\"policies\": [\"affinity\"]}}", "name",
            "{\"server_group\": []}", "server_group");
    bad.forEach(
        (body, says) ->
            assertThat(
                    message(
                        send("POST", "/v2.1/os-server-groups", member.token(), null, body)
                            .expect(400)))
                .as(body)
                .contains(says));
    send("GET", "/v2.1/os-server-groups?limit=-1", member.token(), null, null).expect(400);
    send("GET", "/v2.1/os-server-groups?sort=name", member.token(), null, null).expect(400);
    assertThat(
            message(
                send(
                        "POST",
                        "/v2.1/servers",
                        member.token(),
                        null,
                        "{\"server\": {\"name\": \"h\", \"flavorRef\": \"1\", \"imageRef\":"
                            + " \"cirros\", \"networks\": \"none\"}, \"os:scheduler_hints\":"
                            + " {\"group\": \"not-a-uuid\"}}")
                    .expect(400)))
        .contains("not-a-uuid");
    send("GET", "/v2.1/os-server-groups/" + UUID_NONE, member.token(), null, null).expect(404);
    assertThat(
            send("GET", "/v2.1/os-server-groups", member.token(), null, null)
                .expect(200)
                .json()
                .get("server_groups"))
        .hasSize(1);

    // Quotas: groups per project, members per group; both counted by the limits.
    send(
            "PUT",
            "/v2.1/os-quota-sets/" + member.projectId(),
            admin(),
            null,
            "{\"quota_set\": {\"server_groups\": 1, \"server_group_members\": 1}}")
        .expect(200);
    assertThat(
            message(
                send(
                        "POST",
                        "/v2.1/os-server-groups",
                        member.token(),
                        null,
                        "{\"server_group\": {\"name\": \"more\", \"policies\": [\"affinity\"]}}")
                    .expect(403)))
        .isEqualTo("Quota exceeded, too many server groups.");
    assertThat(
            send("GET", "/v2.1/limits", member.token(), null, null)
                .expect(200)
                .json()
                .at("/limits/absolute/totalServerGroupsUsed")
                .asInt())
        .isEqualTo(1);
    String vm = bootInto(member.token(), "one", group);
    assertThat(message(boot(member.token(), "two", group, null).expect(403)))
        .isEqualTo("Quota exceeded, too many servers in group");

    // A deleted server leaves its group, which makes room; a deleted group is gone.
    send("DELETE", "/v2.1/servers/" + vm, member.token(), null, null).expect(204);
    assertThat(members(show(member.token(), group))).isEmpty();
    bootInto(member.token(), "two", group);
    send("DELETE", "/v2.1/os-server-groups/" + group, member.token(), null, null).expect(204);
    send("GET", "/v2.1/os-server-groups/" + group, member.token(), null, null).expect(404);
    send("DELETE", "/v2.1/os-server-groups/" + group, member.token(), null, null).expect(404);
  }

  private static final String UUID_NONE = "00000000-0000-0000-0000-000000000000";
}
