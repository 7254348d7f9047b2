package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unmodified {@code openstack} and {@code nova} CLIs drive blueprint 1: services, servers, the
 * host-down report and evacuation.
 */
class OpenstackComputeCliTest {
  private static TestServer server;
  private static CliRunner cli;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    cli = new CliRunner(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode create(String name, String host) {
    return cli.createServer(name, host);
  }

  private static JsonNode show(String name) throws Exception {
    return cli.admin("openstack", "server", "show", "-f", "json", name).json();
  }

  @Test
  void serviceSetDownStopsTheHostsInstancesAndEvacuationMovesThemBack() throws Exception {
    server.beat("cli-c1");
    server.beat("cli-c2");
    JsonNode vm = create("cli-vm1", "cli-c1");
    assertThat(vm.get("status").asText()).isEqualTo("ACTIVE");
    create("cli-vm2", "cli-c1");
    cli.admin("openstack", "server", "set", "--state", "error", "cli-vm2").succeeded();

    cli.admin(
            "openstack",
            "--os-compute-api-version",
            "2.11",
            "compute",
            "service",
            "set",
            "--down",
            "cli-c1",
            "nova-compute")
        .succeeded();

    JsonNode services =
        cli.admin(
                "openstack",
                "--os-compute-api-version",
                "2.11",
                "compute",
                "service",
                "list",
                "--host",
                "cli-c1",
                "-f",
                "json")
            .json();
    assertThat(services.get(0).get("State").asText()).isEqualTo("down");
    // The availability zone's detail says the same of the host's service.
    JsonNode zones =
        cli.admin("openstack", "availability", "zone", "list", "--compute", "--long", "-f", "json")
            .json();
    JsonNode row = null;
    for (JsonNode candidate : zones) {
      if (candidate.get("Host Name").asText().equals("cli-c1")) {
        row = candidate;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.get("Zone Name").asText()).isEqualTo("nova");
    assertThat(row.get("Service Status").asText()).startsWith("enabled XXX");
    JsonNode stopped = show("cli-vm1");
    assertThat(stopped.get("status").asText()).isEqualTo("SHUTOFF");
    assertThat(stopped.get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    assertThat(show("cli-vm2").get("status").asText()).isEqualTo("ERROR");
    // The report is in the stopped server's action log, and shown by its request id.
    JsonNode events =
        cli.admin("openstack", "server", "event", "list", "-f", "json", "cli-vm1").json();
    assertThat(events.get(0).get("Action").asText()).isEqualTo("reportHostDown");
    String requestId = events.get(0).get("Request ID").asText();
    JsonNode event =
        cli.admin("openstack", "server", "event", "show", "-f", "json", "cli-vm1", requestId)
            .json();
    assertThat(event.get("action").asText()).isEqualTo("reportHostDown");
    assertThat(event.get("request_id").asText()).isEqualTo(requestId);
    assertThat(event.get("message").asText()).isEqualTo("Compute host cli-c1 reported down");

    // The CLI calls above can outlast compute.service-down-time on a loaded machine; the target
    // must still be a live host.
    server.beat("cli-c2");
    cli.admin("nova", "--os-compute-api-version", "2.29", "evacuate", "cli-vm1", "cli-c2")
        .succeeded();
    JsonNode moved = show("cli-vm1");
    assertThat(moved.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(moved.get("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("cli-c2");
    // The operator sees where it went.
    JsonNode migrations =
        cli.admin(
                "openstack",
                "--os-compute-api-version",
                "2.23",
                "server",
                "migration",
                "list",
                "--server",
                "cli-vm1",
                "-f",
                "json")
            .json();
    assertThat(migrations).hasSize(1);
    assertThat(migrations.get(0).get("Source Compute").asText()).isEqualTo("cli-c1");
    assertThat(migrations.get(0).get("Dest Compute").asText()).isEqualTo("cli-c2");
    assertThat(migrations.get(0).get("Status").asText()).isEqualTo("done");
    assertThat(migrations.get(0).get("Type").asText()).isEqualTo("evacuation");
  }

  @Test
  void aServerGroupPlacesItsMembersApartAndListsThem() throws Exception {
    server.beat("cli-g1");
    server.beat("cli-g2");
    String group =
        cli.admin(
                "openstack",
                "server",
                "group",
                "create",
                "--policy",
                "anti-affinity",
                "-f",
                "json",
                "cli-vnf-ha")
            .json()
            .get("id")
            .asText();
    List<String> hosts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String name : List.of("cli-ha-a", "cli-ha-b")) {
      JsonNode created = cli.createServer(name, "--hint", "group=" + group);
      ids.add(created.get("id").asText());
      hosts.add(show(name).get("OS-EXT-SRV-ATTR:host").asText());
    }
    assertThat(hosts.get(0)).isNotEqualTo(hosts.get(1));
    JsonNode shown =
        cli.admin("openstack", "server", "group", "show", "-f", "json", "cli-vnf-ha").json();
    assertThat(shown.get("policies").toString()).contains("anti-affinity");
    // The CLI prints the members in the order they joined, as one text.
    String members = shown.get("members").toString();
    assertThat(members).contains(ids.get(0), ids.get(1));
    assertThat(members.indexOf(ids.get(0))).isLessThan(members.indexOf(ids.get(1)));
    assertThat(cli.admin("nova", "server-group-list").succeeded().stdout())
        .contains("cli-vnf-ha")
        .contains("anti-affinity");
    cli.admin("openstack", "server", "group", "delete", "cli-vnf-ha").succeeded();
    assertThat(cli.admin("openstack", "server", "group", "list", "-f", "json").json().toString())
        .doesNotContain(group);
  }

  @Test
  void aMemberIsRefused() throws Exception {
    server.beat("cli-c3");
    TestServer.Account member = server.newProjectUser("member");
    String project =
        server
            .http()
            .get("/v3/projects/" + member.projectId(), server.adminToken())
            .expect(200)
            .json()
            .at("/project/name")
            .asText();
    CliRunner.Result refused =
        cli.run(
            member.userName(),
            "pw",
            project,
            "openstack",
            "--os-compute-api-version",
            "2.11",
            "compute",
            "service",
            "set",
            "--down",
            "cli-c3",
            "nova-compute");
    assertThat(refused.exitCode()).isNotZero();
    JsonNode services =
        cli.admin(
                "openstack",
                "--os-compute-api-version",
                "2.11",
                "compute",
                "service",
                "list",
                "--host",
                "cli-c3",
                "--long",
                "-f",
                "json")
            .json();
    assertThat(services.get(0).get("Forced Down").asBoolean()).isFalse();
  }
}
