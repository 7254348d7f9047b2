package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unmodified {@code openstack} CLI drives networks, ports and the data-plane status. */
class OpenstackNetworkCliTest {
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

  @Test
  void extensionListShowsDataPlaneStatus() throws Exception {
    JsonNode extensions =
        cli.admin("openstack", "extension", "list", "--network", "-f", "json").json();
    assertThat(extensions)
        .extracting(extension -> extension.get("Alias").asText())
        .contains("data-plane-status", "binding", "standard-attr-revisions", "security-group");
  }

  @Test
  void securityGroupsAndTheirRulesAsAnOperatorManagesThem() throws Exception {
    JsonNode groups = cli.admin("openstack", "security", "group", "list", "-f", "json").json();
    assertThat(groups).extracting(group -> group.get("Name").asText()).contains("default");
    JsonNode web =
        cli.admin(
                "openstack",
                "security",
                "group",
                "create",
                "-f",
                "json",
                "--description",
                "web tier",
                "cli-web")
            .json();
    assertThat(web.get("description").asText()).isEqualTo("web tier");
    JsonNode ssh =
        cli.admin(
                "openstack",
                "security",
                "group",
                "rule",
                "create",
                "-f",
                "json",
                "--protocol",
                "tcp",
                "--dst-port",
                "22",
                "cli-web")
            .json();
    assertThat(ssh.get("port_range_min").asInt()).isEqualTo(22);
    assertThat(ssh.get("remote_ip_prefix").asText()).isEqualTo("0.0.0.0/0");
    cli.admin(
            "openstack",
            "security",
            "group",
            "rule",
            "create",
            "--ingress",
            "--remote-group",
            "default",
            "cli-web")
        .succeeded();
    CliRunner.Result duplicate =
        cli.admin(
            "openstack",
            "security",
            "group",
            "rule",
            "create",
            "--protocol",
            "tcp",
            "--dst-port",
            "22",
            "cli-web");
    assertThat(duplicate.exitCode()).isNotZero();
    assertThat(duplicate.stderr()).contains("Security group rule already exists");

    JsonNode rules =
        cli.admin("openstack", "security", "group", "rule", "list", "-f", "json", "cli-web").json();
    assertThat(rules).hasSize(4);
    assertThat(rules).extracting(rule -> rule.get("Port Range").asText()).contains("22:22");
    cli.admin("openstack", "security", "group", "rule", "delete", ssh.get("id").asText())
        .succeeded();
    cli.admin("openstack", "security", "group", "set", "--name", "cli-web-2", "cli-web")
        .succeeded();
    JsonNode shown =
        cli.admin("openstack", "security", "group", "show", "-f", "json", "cli-web-2").json();
    assertThat(shown.get("rules")).hasSize(3);
    cli.admin("openstack", "network", "create", "sg-net").succeeded();
    JsonNode port =
        cli.admin(
                "openstack",
                "port",
                "create",
                "-f",
                "json",
                "--network",
                "sg-net",
                "--security-group",
                "cli-web-2",
                "sg-port")
            .json();
    assertThat(port.get("security_group_ids").get(0).asText()).isEqualTo(web.get("id").asText());
    CliRunner.Result inUse = cli.admin("openstack", "security", "group", "delete", "cli-web-2");
    assertThat(inUse.exitCode()).isNotZero();
    assertThat(inUse.stderr()).contains("in use");
    cli.admin("openstack", "port", "set", "--no-security-group", "sg-port").succeeded();
    assertThat(
            cli.admin("openstack", "port", "show", "-f", "json", "sg-port")
                .json()
                .get("security_group_ids"))
        .isEmpty();
    cli.admin("openstack", "security", "group", "delete", "cli-web-2").succeeded();
    assertThat(cli.admin("openstack", "security", "group", "list", "-f", "json").json())
        .extracting(group -> group.get("Name").asText())
        .doesNotContain("cli-web", "cli-web-2");
  }

  @Test
  void adminSetsAndClearsTheDataPlaneStatusAndAMemberIsRefused() throws Exception {
    JsonNode network = cli.admin("openstack", "network", "create", "-f", "json", "cli-net").json();
    assertThat(network.get("name").asText()).isEqualTo("cli-net");
    JsonNode port =
        cli.admin(
                "openstack",
                "port",
                "create",
                "-f",
                "json",
                "--network",
                "cli-net",
                "--host",
                "compute-7",
                "cli-port")
            .json();
    assertThat(port.get("binding_host_id").asText()).isEqualTo("compute-7");
    assertThat(port.get("data_plane_status").isNull()).isTrue();
    String id = port.get("id").asText();

    cli.admin("openstack", "port", "set", "--data-plane-status", "DOWN", "cli-port").succeeded();
    JsonNode down = cli.admin("openstack", "port", "show", "-f", "json", id).json();
    assertThat(down.get("data_plane_status").asText()).isEqualTo("DOWN");
    assertThat(down.get("revision_number").asLong())
        .isEqualTo(port.get("revision_number").asLong() + 1);

    cli.admin("openstack", "port", "unset", "--data-plane-status", "cli-port").succeeded();
    assertThat(
            cli.admin("openstack", "port", "show", "-f", "json", id)
                .json()
                .get("data_plane_status")
                .isNull())
        .isTrue();
    cli.admin("openstack", "port", "set", "--data-plane-status", "ACTIVE", id).succeeded();

    JsonNode list =
        cli.admin("openstack", "port", "list", "--host", "compute-7", "--long", "-f", "json")
            .json();
    assertThat(list).extracting(p -> p.get("ID").asText()).containsExactly(id);

    // A member of the port's project reads it and is refused the write.
    cli.admin(
            "openstack", "user", "create", "--domain", "default", "--password", "pw", "cli-member")
        .succeeded();
    cli.admin("openstack", "role", "add", "--project", "admin", "--user", "cli-member", "member")
        .succeeded();
    CliRunner.Result refused =
        cli.run(
            "cli-member",
            "pw",
            "admin",
            "openstack",
            "port",
            "set",
            "--data-plane-status",
            "DOWN",
            id);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("403");
    JsonNode seen =
        cli.run("cli-member", "pw", "admin", "openstack", "port", "show", "-f", "json", id).json();
    assertThat(seen.get("data_plane_status").asText()).isEqualTo("ACTIVE");

    cli.admin("openstack", "port", "delete", id).succeeded();
    cli.admin("openstack", "network", "delete", "cli-net").succeeded();
    JsonNode networks = cli.admin("openstack", "network", "list", "-f", "json").json();
    assertThat(networks).extracting(n -> n.get("Name").asText()).doesNotContain("cli-net");
  }

  @Test
  void serverCreateOnANetworkGetsAPortThatGoesWithTheServer() throws Exception {
    server
        .http()
        .post("/v1/agents/heartbeat", server.adminToken(), "{\"host\": \"cli-compute\"}")
        .expect(200);
    cli.admin("openstack", "network", "create", "cli-server-net").succeeded();
    cli.admin("openstack", "security", "group", "create", "cli-vnf").succeeded();
    cli.admin(
            "openstack",
            "server",
            "create",
            "--flavor",
            "1",
            "--image",
            "cirros",
            "--network",
            "cli-server-net",
            "--security-group",
            "cli-vnf",
            "cli-vm")
        .succeeded();
    assertThat(
            cli.admin("openstack", "server", "show", "-f", "json", "cli-vm")
                .json()
                .get("security_groups")
                .toString())
        .contains("cli-vnf");
    JsonNode ports =
        cli.admin("openstack", "port", "list", "--server", "cli-vm", "--long", "-f", "json").json();
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).get("Device Owner").asText()).isEqualTo("compute:nova");
    assertThat(cli.admin("openstack", "port", "list", "--host", "cli-compute", "-f", "json").json())
        .hasSize(1);
    assertThat(cli.admin("openstack", "security", "group", "delete", "cli-vnf").exitCode())
        .isNotZero();
    cli.admin("openstack", "server", "delete", "--wait", "cli-vm").succeeded();
    assertThat(cli.admin("openstack", "port", "list", "--host", "cli-compute", "-f", "json").json())
        .isEmpty();
    cli.admin("openstack", "security", "group", "delete", "cli-vnf").succeeded();
  }
}
