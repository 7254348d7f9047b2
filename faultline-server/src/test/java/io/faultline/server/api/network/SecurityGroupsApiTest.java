package io.faultline.server.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Neutron's security groups and rules over real HTTP, as OpenStack clients and Heat use them. */
class SecurityGroupsApiTest {
  static TestServer server;
  static TestServer.Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode groups(String token) {
    return http.get("/v2.0/security-groups", token).expect(200).json().get("security_groups");
  }

  private static JsonNode named(String token, String name) {
    return StreamSupport.stream(groups(token).spliterator(), false)
        .filter(group -> group.get("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String create(String token, String name) {
    return http.post(
            "/v2.0/security-groups",
            token,
            "{\"security_group\": {\"name\": \"" + name + "\", \"description\": \"d\"}}")
        .expect(201)
        .json()
        .at("/security_group/id")
        .asText();
  }

  private static TestServer.Reply addRule(String token, String group, String fields) {
    return http.post(
        "/v2.0/security-group-rules",
        token,
        "{\"security_group_rule\": {\"security_group_id\": \"" + group + "\", " + fields + "}}");
  }

  private static int ruleCount(String token, String group) {
    return http.get("/v2.0/security-group-rules?security_group_id=" + group, token)
        .expect(200)
        .json()
        .get("security_group_rules")
        .size();
  }

  @Test
  void aProjectsFirstListHoldsItsDefaultGroupWithNeutronsFourRules() {
    Account member = server.newProjectUser("member");
    JsonNode list = groups(member.token());
    assertThat(list).hasSize(1);
    JsonNode group = list.get(0);
    assertThat(group.get("name").asText()).isEqualTo("default");
    assertThat(group.get("project_id").asText()).isEqualTo(member.projectId());
    assertThat(group.get("stateful").asBoolean()).isTrue();
    List<String> rules = new ArrayList<>();
    for (JsonNode rule : group.get("security_group_rules")) {
      rules.add(
          rule.get("direction").asText()
              + " "
              + rule.get("ethertype").asText()
              + " "
              + (rule.get("remote_group_id").isNull()
                  ? "any"
                  : rule.get("remote_group_id").asText()));
    }
    String self = group.get("id").asText();
    assertThat(rules)
        .containsExactlyInAnyOrder(
            "egress IPv4 any", "egress IPv6 any", "ingress IPv4 " + self, "ingress IPv6 " + self);
    // Listed again, it is the same group: the default is made once.
    assertThat(groups(member.token()).get(0).get("id").asText()).isEqualTo(self);
  }

  @Test
  void concurrentFirstRequestsOfAProjectMakeOneDefaultGroup() throws Exception {
    Account member = server.newProjectUser("member");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Integer>> firsts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        firsts.add(() -> http.get("/v2.0/security-groups", member.token()).status());
      }
      for (Future<Integer> status : pool.invokeAll(firsts)) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(groups(member.token())).hasSize(1);
  }

  @Test
  void aNewGroupLetsEverythingOutAndTakesRulesAsOpenstackClientSendsThem() {
    Account member = server.newProjectUser("member");
    String group = create(member.token(), "web");
    JsonNode created = named(member.token(), "web");
    assertThat(created.get("description").asText()).isEqualTo("d");
    assertThat(created.get("security_group_rules")).hasSize(2);
    assertThat(created.get("security_group_rules"))
        .allSatisfy(rule -> assertThat(rule.get("direction").asText()).isEqualTo("egress"));

    JsonNode ssh =
        addRule(
                member.token(),
                group,
                "\"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"tcp\","
                    + " \"port_range_min\": 22, \"port_range_max\": 22,"
                    + " \"remote_ip_prefix\": \"0.0.0.0/0\"")
            .expect(201)
            .json()
            .get("security_group_rule");
    assertThat(ssh.get("protocol").asText()).isEqualTo("tcp");
    assertThat(ssh.get("port_range_min").asInt()).isEqualTo(22);
    assertThat(ssh.get("remote_ip_prefix").asText()).isEqualTo("0.0.0.0/0");
    assertThat(ssh.get("project_id").asText()).isEqualTo(member.projectId());
    // Neutron takes numbers as text, a bare address as its one-address prefix, and IPv6.
    JsonNode sctp =
        addRule(
                member.token(),
                group,
                "\"direction\": \"ingress\", \"ethertype\": \"IPv6\", \"protocol\": 132,"
                    + " \"port_range_min\": \"80\", \"port_range_max\": \"81\","
                    + " \"remote_ip_prefix\": \"2001:db8::1\"")
            .expect(201)
            .json()
            .get("security_group_rule");
    assertThat(sctp.get("protocol").asText()).isEqualTo("132");
    assertThat(sctp.get("port_range_max").asInt()).isEqualTo(81);
    assertThat(sctp.get("remote_ip_prefix").asText()).isEqualTo("2001:db8::1/128");
    JsonNode icmp =
        addRule(
                member.token(),
                group,
                "\"direction\": \"ingress\", \"protocol\": \"icmp\", \"port_range_min\": 8,"
                    + " \"port_range_max\": 0")
            .expect(201)
            .json()
            .get("security_group_rule");
    assertThat(icmp.get("ethertype").asText()).isEqualTo("IPv4");

    String shown =
        http.get("/v2.0/security-group-rules/" + ssh.get("id").asText(), member.token())
            .expect(200)
            .json()
            .at("/security_group_rule/security_group_id")
            .asText();
    assertThat(shown).isEqualTo(group);
    JsonNode revised =
        http.get("/v2.0/security-groups/" + group, member.token())
            .expect(200)
            .json()
            .get("security_group");
    assertThat(revised.get("security_group_rules")).hasSize(5);
    assertThat(revised.get("revision_number").asLong()).isEqualTo(4);

    http.delete("/v2.0/security-group-rules/" + ssh.get("id").asText(), member.token()).expect(204);
    http.get("/v2.0/security-group-rules/" + ssh.get("id").asText(), member.token()).expect(404);
    assertThat(ruleCount(member.token(), group)).isEqualTo(4);
    http.put(
            "/v2.0/security-groups/" + group,
            member.token(),
            "{\"security_group\": {\"name\": \"web-2\", \"description\": \"front\"}}")
        .expect(200);
    assertThat(named(member.token(), "web-2").get("description").asText()).isEqualTo("front");
    http.delete("/v2.0/security-groups/" + group, member.token()).expect(204);
    http.get("/v2.0/security-groups/" + group, member.token()).expect(404);
    assertThat(
            http.get("/v2.0/security-group-rules?security_group_id=" + group, member.token())
                .expect(200)
                .json()
                .get("security_group_rules"))
        .isEmpty();
  }

  @Test
  void badRulesAreRefusedWithNeutronsReasonAndChangeNothing() {
    Account member = server.newProjectUser("member");
    String group = create(member.token(), "strict");
    addRule(member.token(), group, "\"direction\": \"ingress\", \"protocol\": \"udp\"").expect(201);
    String[][] bad = {
      {"\"direction\": \"in\"", "'in' is not in ['ingress', 'egress']"},
      {"\"protocol\": \"tcp\"", "Required attribute 'direction'"},
      {"\"direction\": \"ingress\", \"ethertype\": \"IPv5\"", "is not in ['IPv4', 'IPv6']"},
      {"\"direction\": \"ingress\", \"protocol\": \"bogus\"", "protocol bogus not supported"},
      {"\"direction\": \"ingress\", \"protocol\": \"256\"", "protocol 256 not supported"},
      {"\"direction\": \"ingress\", \"port_range_min\": 22", "Must also specify protocol"},
      {
        "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 30,"
            + " \"port_range_max\": 20",
        "port_range_min must be <= port_range_max"
      },
      {
        "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 0,"
            + " \"port_range_max\": 20",
        "Invalid value for port 0"
      },
      {
        "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 1,"
            + " \"port_range_max\": 65536",
        "Invalid value for port 65536"
      },
      {
        "\"direction\": \"ingress\", \"protocol\": \"icmp\", \"port_range_min\": 256",
        "It must be 0 to 255"
      },
      {
        "\"direction\": \"ingress\", \"protocol\": \"icmp\", \"port_range_max\": 3",
        "ICMP type (port-range-min) is missing"
      },
      {"\"direction\": \"ingress\", \"protocol\": \"gre\", \"port_range_min\": 1", "port range"},
      {"\"direction\": \"ingress\", \"port_range_min\": \"x\"", "'x' is not an integer"},
      {"\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.0.0.0/33\"", "not a valid IP"},
      {"\"direction\": \"ingress\", \"remote_ip_prefix\": \"example.org\"", "not a valid IP"},
      {"\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.1/8\"", "not a valid IP"},
      {
        "\"direction\": \"ingress\", \"ethertype\": \"IPv6\", \"remote_ip_prefix\": \"10.0.0.0/8\"",
        "Conflicting value ethertype IPv6"
      },
      {
        "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.0.0.0/8\", \"remote_group_id\": \""
            + group
            + "\"",
        "Only remote_ip_prefix or remote_group_id"
      },
      {"\"direction\": \"ingress\", \"colour\": \"red\"", "Unrecognized attribute"},
      {"\"direction\": \"ingress\", \"description\": \"" + "x".repeat(256) + "\"", "255"},
    };
    for (String[] request : bad) {
      TestServer.Reply reply = addRule(member.token(), group, request[0]);
      assertThat(reply.status()).as(request[0]).isEqualTo(400);
      assertThat(reply.body()).as(request[0]).contains(request[1]);
    }
    assertThat(
            addRule(member.token(), group, "\"direction\": \"ingress\", \"protocol\": \"udp\"")
                .expect(409)
                .body())
        .contains("Security group rule already exists");
    addRule(member.token(), group, "\"direction\": \"ingress\", \"remote_group_id\": \"nope\"")
        .expect(404);
    assertThat(ruleCount(member.token(), group)).isEqualTo(3);
    http.post(
            "/v2.0/security-groups",
            member.token(),
            "{\"security_group\": {\"name\": \"x\", \"stateful\": false}}")
        .expect(400);
    http.post(
            "/v2.0/security-groups",
            member.token(),
            "{\"security_group\": {\"name\": \"" + "n".repeat(256) + "\"}}")
        .expect(400);
    http.get("/v2.0/security-groups?colour=red", member.token()).expect(400);
    assertThat(groups(member.token())).hasSize(2);
  }

  @Test
  void anotherProjectsGroupsAreNotFoundAndTheDefaultStaysButForAnAdmin() {
    Account owner = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    String group = create(owner.token(), "private");
    String ownersDefault = named(owner.token(), "default").get("id").asText();

    http.get("/v2.0/security-groups/" + group, stranger.token()).expect(404);
    addRule(stranger.token(), group, "\"direction\": \"ingress\"").expect(404);
    addRule(
            stranger.token(),
            named(stranger.token(), "default").get("id").asText(),
            "\"direction\": \"ingress\", \"remote_group_id\": \"" + group + "\"")
        .expect(404);
    http.delete("/v2.0/security-groups/" + group, stranger.token()).expect(404);
    assertThat(groups(stranger.token()))
        .extracting(g -> g.get("project_id").asText())
        .containsOnly(stranger.projectId());
    String rule = named(owner.token(), "private").at("/security_group_rules/0/id").asText();
    http.get("/v2.0/security-group-rules/" + rule, stranger.token()).expect(404);
    http.delete("/v2.0/security-group-rules/" + rule, stranger.token()).expect(404);

    http.put(
            "/v2.0/security-groups/" + ownersDefault,
            owner.token(),
            "{\"security_group\": {\"name\": \"renamed\"}}")
        .expect(409);
    http.post(
            "/v2.0/security-groups", owner.token(), "{\"security_group\": {\"name\": \"default\"}}")
        .expect(409);
    http.delete("/v2.0/security-groups/" + ownersDefault, owner.token()).expect(409);
    // An admin sees every project's groups and may remove a default group.
    assertThat(
            StreamSupport.stream(groups(server.adminToken()).spliterator(), false)
                .map(g -> g.get("id").asText()))
        .contains(group, ownersDefault);
    http.delete("/v2.0/security-groups/" + ownersDefault, server.adminToken()).expect(204);
    assertThat(named(owner.token(), "default").get("id").asText()).isNotEqualTo(ownersDefault);
  }

  @Test
  void aGroupNamedAsAnotherRulesRemoteTakesThoseRulesWithIt() {
    Account member = server.newProjectUser("member");
    String web = create(member.token(), "web");
    String db = create(member.token(), "db");
    addRule(
            member.token(),
            db,
            "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 5432,"
                + " \"port_range_max\": 5432, \"remote_group_id\": \""
                + web
                + "\"")
        .expect(201);
    assertThat(ruleCount(member.token(), db)).isEqualTo(3);
    http.delete("/v2.0/security-groups/" + web, member.token()).expect(204);
    assertThat(ruleCount(member.token(), db)).isEqualTo(2);
  }

  @Test
  void neutronsQuotaOfTenGroupsHolds() {
    Account member = server.newProjectUser("member");
    // The default group counts: nine more fit.
    for (int i = 0; i < 9; i++) {
      create(member.token(), "g" + i);
    }
    assertThat(
            http.post(
                    "/v2.0/security-groups",
                    member.token(),
                    "{\"security_group\": {\"name\": \"one-too-many\"}}")
                .expect(409)
                .body())
        .contains("Quota exceeded for resources: ['security_group']");
    assertThat(groups(member.token())).hasSize(10);
  }

  private static JsonNode createPort(String token, String network, String extra) {
    return http.post(
            "/v2.0/ports", token, "{\"port\": {\"network_id\": \"" + network + "\"" + extra + "}}")
        .expect(201)
        .json()
        .get("port");
  }

  @Test
  void aPortHasItsProjectsDefaultGroupOrTheOnesItNamesAndAGroupInUseStays() {
    Account member = server.newProjectUser("member");
    Account stranger = server.newProjectUser("member");
    String network =
        http.post("/v2.0/networks", member.token(), "{\"network\": {\"name\": \"sg-net\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    // The port is the project's first use of security groups: its default group is made for it.
    JsonNode plain = createPort(member.token(), network, "");
    String defaultGroup = named(member.token(), "default").get("id").asText();
    assertThat(plain.get("security_groups")).hasSize(1);
    assertThat(plain.at("/security_groups/0").asText()).isEqualTo(defaultGroup);
    assertThat(
            createPort(member.token(), network, ", \"device_owner\": \"network:dhcp\"")
                .get("security_groups"))
        .isEmpty();

    String web = create(member.token(), "web");
    JsonNode named =
        createPort(member.token(), network, ", \"security_groups\": [\"" + web + "\"]");
    assertThat(named.at("/security_groups/0").asText()).isEqualTo(web);
    assertThat(
            http.get("/v2.0/ports/" + named.get("id").asText(), member.token())
                .expect(200)
                .json()
                .at("/port/security_groups/0")
                .asText())
        .isEqualTo(web);

    // Another project's group, or none at all, is not found, and no port is made.
    int ports =
        http.get("/v2.0/ports?network_id=" + network, member.token())
            .expect(200)
            .json()
            .get("ports")
            .size();
    String strangers = create(stranger.token(), "theirs");
    for (String group : List.of(strangers, "no-such-group")) {
      http.post(
              "/v2.0/ports",
              member.token(),
              "{\"port\": {\"network_id\": \""
                  + network
                  + "\", \"security_groups\": [\""
                  + group
                  + "\"]}}")
          .expect(404);
    }
    http.post(
            "/v2.0/ports",
            member.token(),
            "{\"port\": {\"network_id\": \"" + network + "\", \"security_groups\": \"x\"}}")
        .expect(400);
    assertThat(
            http.get("/v2.0/ports?network_id=" + network, member.token())
                .expect(200)
                .json()
                .get("ports"))
        .hasSize(ports);

    http.delete("/v2.0/security-groups/" + web, member.token()).expect(409);
    JsonNode cleared =
        http.put(
                "/v2.0/ports/" + named.get("id").asText(),
                member.token(),
                "{\"port\": {\"security_groups\": []}}")
            .expect(200)
            .json()
            .get("port");
    assertThat(cleared.get("security_groups")).isEmpty();
    assertThat(cleared.get("revision_number").asLong())
        .isGreaterThan(named.get("revision_number").asLong());
    http.delete("/v2.0/security-groups/" + web, member.token()).expect(204);
    // A deleted port lets its groups go.
    String db = create(member.token(), "db");
    String port =
        http.put(
                "/v2.0/ports/" + plain.get("id").asText(),
                member.token(),
                "{\"port\": {\"security_groups\": [\"" + db + "\"]}}")
            .expect(200)
            .json()
            .at("/port/id")
            .asText();
    http.delete("/v2.0/security-groups/" + db, member.token()).expect(409);
    http.delete("/v2.0/ports/" + port, member.token()).expect(204);
    http.delete("/v2.0/security-groups/" + db, member.token()).expect(204);
  }

  @Test
  void aFailedFirstUseLeavesNoDefaultGroupAndConcurrentFirstPortsShareOne() throws Exception {
    Account member = server.newProjectUser("member");
    // A port on a network that does not exist: refused, and no default group made for it.
    http.post("/v2.0/ports", member.token(), "{\"port\": {\"network_id\": \"nope\"}}").expect(404);
    assertThat(
            http.get("/v2.0/security-groups?project_id=" + member.projectId(), server.adminToken())
                .expect(200)
                .json()
                .get("security_groups"))
        .isEmpty();

    String network =
        http.post("/v2.0/networks", member.token(), "{\"network\": {\"name\": \"race\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<TestServer.Reply>> replies;
    try {
      List<Callable<TestServer.Reply>> firsts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        firsts.add(
            () ->
                http.post(
                    "/v2.0/ports",
                    member.token(),
                    "{\"port\": {\"network_id\": \"" + network + "\"}}"));
      }
      replies = pool.invokeAll(firsts);
    } finally {
      pool.shutdownNow();
    }
    List<String> groupsOfPorts = new ArrayList<>();
    for (Future<TestServer.Reply> reply : replies) {
      groupsOfPorts.add(reply.get().expect(201).json().at("/port/security_groups/0").asText());
    }
    JsonNode groups = groups(member.token());
    assertThat(groups).hasSize(1);
    assertThat(groupsOfPorts).containsOnly(groups.get(0).get("id").asText());
  }
}
