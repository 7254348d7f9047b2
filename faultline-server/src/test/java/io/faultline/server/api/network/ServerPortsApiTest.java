package io.faultline.server.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ports of servers over HTTP: a server booted on networks gets a bound port per network, the
 * binding follows an evacuation, and deleting the server deletes its ports.
 */
class ServerPortsApiTest {
  static TestServer server;
  static TestServer.Http http;
  static Account member;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http();
    member = server.newProjectUser("member");
    for (String host : new String[] {"compute-a", "compute-b"}) {
      http.post("/v1/agents/heartbeat", server.adminToken(), "{\"host\": \"" + host + "\"}")
          .expect(200);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  String network(String token, String name) {
    return http.post("/v2.0/networks", token, "{\"network\": {\"name\": \"" + name + "\"}}")
        .expect(201)
        .json()
        .at("/network/id")
        .asText();
  }

  /** Boots a server of the member's on {@code networks}, one port each; returns its id. */
  String boot(String name, String... networks) {
    return boot(member, name, networks);
  }

  /** Boots a server of {@code who}'s on {@code networks}, one port each; returns its id. */
  String boot(Account who, String name, String... networks) {
    StringBuilder nics = new StringBuilder();
    for (String network : networks) {
      nics.append(nics.isEmpty() ? "" : ", ").append("{\"uuid\": \"").append(network).append("\"}");
    }
    return http.post(
            "/v2.1/servers",
            who.token(),
            "{\"server\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": ["
                + nics
                + "]}}")
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  JsonNode ports(String serverId) {
    return http.get("/v2.0/ports?device_id=" + serverId, server.adminToken())
        .expect(200)
        .json()
        .get("ports");
  }

  @Test
  void serverPortsAreCreatedRebindedByEvacuationAndDeletedWithTheServer() {
    String net1 = network(member.token(), "a");
    String net2 = network(member.token(), "b");
    String serverId = boot("vm", net1, net2);
    JsonNode ports = ports(serverId);
    assertThat(ports).hasSize(2);
    assertThat(ports.findValuesAsText("network_id")).containsExactlyInAnyOrder(net1, net2);
    assertThat(ports.findValuesAsText("device_owner")).containsOnly("compute:nova");
    assertThat(ports.findValuesAsText("project_id")).containsOnly(member.projectId());
    String host = ports.get(0).get("binding:host_id").asText();
    assertThat(host).isIn("compute-a", "compute-b");
    // The tenant sees its server's ports, without the binding.
    JsonNode seen =
        http.get("/v2.0/ports?device_id=" + serverId, member.token()).expect(200).json();
    assertThat(seen.get("ports")).hasSize(2);
    assertThat(seen.at("/ports/0").has("binding:host_id")).isFalse();

    http.put("/v2.1/os-hosts/" + host, server.adminToken(), "{\"host_down_reported\": true}")
        .expect(200);
    http.send(
            "POST",
            "/v2.1/servers/" + serverId + "/action",
            server.adminToken(),
            "{\"evacuate\": {}}",
            java.util.Map.of("OpenStack-API-Version", "compute 2.53"))
        .expect(200);
    String other = host.equals("compute-a") ? "compute-b" : "compute-a";
    assertThat(ports(serverId).findValuesAsText("binding:host_id")).containsOnly(other);

    http.delete("/v2.1/servers/" + serverId, member.token()).expect(204);
    assertThat(ports(serverId)).isEmpty();
  }

  @Test
  void aServerShowsItsPortsAddressesUnderTheirNetworksNames() {
    String net1 = network(member.token(), "front");
    String net2 = network(member.token(), "back");
    String bare = network(member.token(), "bare"); // no subnet: its port has no address
    int octet = 20;
    for (String net : new String[] {net1, net2}) {
      http.post(
              "/v2.0/subnets",
              member.token(),
              "{\"subnet\": {\"network_id\": \""
                  + net
                  + "\", \"ip_version\": 4, \"cidr\": \"10.9."
                  + octet++
                  + ".0/24\"}}")
          .expect(201);
    }
    String serverId = boot("addressed", net1, net2, bare);
    JsonNode ports = ports(serverId);
    JsonNode shown =
        http.get("/v2.1/servers/" + serverId, member.token()).expect(200).json().at("/server");
    JsonNode addresses = shown.get("addresses");
    assertThat(addresses.size()).isEqualTo(2);
    for (String net : new String[] {net1, net2}) {
      JsonNode port = null;
      for (JsonNode candidate : ports) {
        if (candidate.get("network_id").asText().equals(net)) {
          port = candidate;
        }
      }
      assertThat(port).isNotNull();
      String name = net.equals(net1) ? "front" : "back";
      JsonNode address = addresses.get(name).get(0);
      assertThat(addresses.get(name)).hasSize(1);
      assertThat(address.get("addr").asText())
          .isEqualTo(port.at("/fixed_ips/0/ip_address").asText())
          .startsWith(net.equals(net1) ? "10.9.20." : "10.9.21.");
      assertThat(address.get("OS-EXT-IPS-MAC:mac_addr").asText())
          .isEqualTo(port.get("mac_address").asText());
      assertThat(address.get("version").asInt()).isEqualTo(4);
      assertThat(address.get("OS-EXT-IPS:type").asText()).isEqualTo("fixed");
    }
    // The detailed list shows the same addresses.
    JsonNode listed =
        http.get("/v2.1/servers/detail", member.token()).expect(200).json().get("servers");
    JsonNode mine = null;
    for (JsonNode candidate : listed) {
      if (candidate.get("id").asText().equals(serverId)) {
        mine = candidate;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("addresses")).isEqualTo(addresses);
  }

  @Test
  void anotherProjectsPrivateNetworkIsRefusedAndNothingIsCreated() {
    Account member = server.newProjectUser("member");
    String foreign = network(server.adminToken(), "private");
    String body =
        "{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
            + " \"networks\": [{\"uuid\": \""
            + foreign
            + "\"}]}}";
    assertThat(http.post("/v2.1/servers", member.token(), body).expect(400).body())
        .contains(foreign);
    assertThat(http.get("/v2.1/servers", member.token()).expect(200).json().get("servers"))
        .isEmpty();
    http.post(
            "/v2.1/servers",
            member.token(),
            "{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                + " \"networks\": [{\"uuid\": \"\"}]}}")
        .expect(400);
    http.post(
            "/v2.1/servers",
            member.token(),
            "{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                + " \"networks\": 5}}")
        .expect(400);
  }

  private TestServer.Reply bootWithGroups(Account who, String name, String network, String groups) {
    return http.post(
        "/v2.1/servers",
        who.token(),
        "{\"server\": {\"name\": \""
            + name
            + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": [{\"uuid\": \""
            + network
            + "\"}], \"security_groups\": "
            + groups
            + "}}");
  }

  private JsonNode shown(Account who, String serverId) {
    return http.get("/v2.1/servers/" + serverId, who.token()).expect(200).json().get("server");
  }

  @Test
  void aServersPortsHaveTheSecurityGroupsItWasBootedWithOrItsProjectsDefault() {
    Account tenant = server.newProjectUser("member");
    String net = network(tenant.token(), "sg");
    String web =
        http.post(
                "/v2.0/security-groups",
                tenant.token(),
                "{\"security_group\": {\"name\": \"web\"}}")
            .expect(201)
            .json()
            .at("/security_group/id")
            .asText();
    String withWeb =
        bootWithGroups(tenant, "vm-web", net, "[{\"name\": \"web\"}]")
            .expect(202)
            .json()
            .at("/server/id")
            .asText();
    assertThat(ports(withWeb).at("/0/security_groups")).hasSize(1);
    assertThat(ports(withWeb).at("/0/security_groups/0").asText()).isEqualTo(web);
    assertThat(shown(tenant, withWeb).at("/security_groups/0/name").asText()).isEqualTo("web");
    // By id, as openstack server create sends a group it looked up, and the default when none.
    String byId =
        bootWithGroups(tenant, "vm-id", net, "[{\"name\": \"" + web + "\"}]")
            .expect(202)
            .json()
            .at("/server/id")
            .asText();
    assertThat(ports(byId).at("/0/security_groups/0").asText()).isEqualTo(web);
    String plain = boot(tenant, "vm-default", net);
    assertThat(shown(tenant, plain).at("/security_groups/0/name").asText()).isEqualTo("default");
    // The group is in use: it stays until its servers are gone.
    http.delete("/v2.0/security-groups/" + web, tenant.token()).expect(409);

    int servers =
        http.get("/v2.1/servers", tenant.token()).expect(200).json().get("servers").size();
    assertThat(bootWithGroups(tenant, "vm-bad", net, "[{\"name\": \"nope\"}]").expect(400).body())
        .contains("Security group nope not found");
    bootWithGroups(tenant, "vm-bad", net, "{\"name\": \"web\"}").expect(400);
    bootWithGroups(tenant, "vm-bad", net, "[\"web\"]").expect(400);
    assertThat(http.get("/v2.1/servers", tenant.token()).expect(200).json().get("servers"))
        .hasSize(servers);

    http.delete("/v2.1/servers/" + withWeb, tenant.token()).expect(204);
    http.delete("/v2.1/servers/" + byId, tenant.token()).expect(204);
    http.delete("/v2.0/security-groups/" + web, tenant.token()).expect(204);
    assertThat(shown(tenant, plain).get("security_groups")).hasSize(1);
  }
}
