package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unmodified {@code openstack} CLI on the compatibility routes: flavors with extra specs,
 * hypervisor show with the agent's address, power actions (also after a host-down report and the
 * host's return), key pairs, quotas, and subnets with allocated addresses.
 */
class OpenstackCompatCliTest {
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

  private static String status(String name) {
    return cli.admin("openstack", "server", "show", "-f", "json", name)
        .json()
        .get("status")
        .asText();
  }

  @Test
  void flavorListAndHypervisorShowWithTheReportedAddress() {
    JsonNode flavors = cli.admin("openstack", "flavor", "list", "-f", "json").json();
    assertThat(flavors).extracting(f -> f.get("Name").asText()).contains("m1.tiny", "m1.xlarge");
    server
        .http()
        .post(
            "/v1/agents/heartbeat",
            server.adminToken(),
            "{\"host\": \"cli-hv1\", \"host_ip\": \"192.0.2.9\", \"uptime_seconds\": 3600}")
        .expect(200);
    JsonNode hypervisor =
        cli.admin("openstack", "hypervisor", "show", "-f", "json", "cli-hv1").json();
    assertThat(hypervisor.get("host_ip").asText()).isEqualTo("192.0.2.9");
    assertThat(hypervisor.get("hypervisor_hostname").asText()).isEqualTo("cli-hv1");
    assertThat(hypervisor.get("uptime").asText()).startsWith("1:");
  }

  @Test
  void stopStartRebootAndStartAgainAfterTheHostIsBack() {
    server.beat("cli-p1");
    create("cli-power", "cli-p1");
    // Each command takes seconds on a loaded machine: the host beats before each power action so
    // that its service stays up (service_down_time is 60 s).
    server.beat("cli-p1");
    cli.admin("openstack", "server", "stop", "cli-power").succeeded();
    assertThat(status("cli-power")).isEqualTo("SHUTOFF");
    server.beat("cli-p1");
    cli.admin("openstack", "server", "start", "cli-power").succeeded();
    assertThat(status("cli-power")).isEqualTo("ACTIVE");
    server.beat("cli-p1");
    cli.admin("openstack", "server", "reboot", "cli-power").succeeded();
    server.beat("cli-p1");
    cli.admin("openstack", "server", "reboot", "--hard", "cli-power").succeeded();
    assertThat(status("cli-power")).isEqualTo("ACTIVE");

    cli.admin(
            "openstack",
            "--os-compute-api-version",
            "2.11",
            "compute",
            "service",
            "set",
            "--down",
            "cli-p1",
            "nova-compute")
        .succeeded();
    assertThat(status("cli-power")).isEqualTo("SHUTOFF");
    CliRunner.Result refused = cli.admin("openstack", "server", "start", "cli-power");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("cli-p1");
    assertThat(status("cli-power")).isEqualTo("SHUTOFF");

    cli.admin(
            "openstack",
            "--os-compute-api-version",
            "2.11",
            "compute",
            "service",
            "set",
            "--up",
            "cli-p1",
            "nova-compute")
        .succeeded();
    server.beat("cli-p1");
    cli.admin("openstack", "server", "start", "cli-power").succeeded();
    assertThat(status("cli-power")).isEqualTo("ACTIVE");
  }

  @Test
  void keypairsAreCreatedImportedListedShownAndDeleted() throws Exception {
    CliRunner.Result generated = cli.admin("openstack", "keypair", "create", "cli-key").succeeded();
    assertThat(generated.stdout()).contains("-----BEGIN PRIVATE KEY-----");
    Path publicKey = Files.createTempFile("cli-key", ".pub");
    try {
      Files.writeString(
          publicKey,
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGi8Tt4mPm2qLxE0M3iJcvnWKZpU3hW9wM1b0Y2GkQdP cli\n");
      JsonNode imported =
          cli.admin(
                  "openstack",
                  "keypair",
                  "create",
                  "-f",
                  "json",
                  "--public-key",
                  publicKey.toString(),
                  "cli-imported")
              .json();
      assertThat(imported.get("fingerprint").asText()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
    } finally {
      Files.delete(publicKey);
    }
    JsonNode list = cli.admin("openstack", "keypair", "list", "-f", "json").json();
    assertThat(list).extracting(k -> k.get("Name").asText()).contains("cli-key", "cli-imported");
    JsonNode shown = cli.admin("openstack", "keypair", "show", "-f", "json", "cli-imported").json();
    assertThat(shown.get("name").asText()).isEqualTo("cli-imported");
    cli.admin("openstack", "keypair", "delete", "cli-key").succeeded();
    JsonNode after = cli.admin("openstack", "keypair", "list", "-f", "json").json();
    assertThat(after).extracting(k -> k.get("Name").asText()).containsExactly("cli-imported");
  }

  @Test
  void quotaSetShowAndAServerCreateRefusedOverQuota() {
    server.beat("cli-q1");
    TestServer.Account member = server.newProjectUser("member");
    String project =
        server
            .http()
            .get("/v3/projects/" + member.projectId(), server.adminToken())
            .expect(200)
            .json()
            .at("/project/name")
            .asText();
    cli.admin("openstack", "quota", "set", "--instances", "1", project).succeeded();
    JsonNode quota = cli.admin("openstack", "quota", "show", "-f", "json", project).json();
    assertThat(quota.get("instances").asInt()).isEqualTo(1);

    String[] boot = {
      "openstack",
      "--os-compute-api-version",
      "2.37",
      "server",
      "create",
      "--flavor",
      "m1.tiny",
      "--image",
      "cirros",
      "--nic",
      "none",
      null
    };
    server.beat("cli-q1");
    boot[boot.length - 1] = "q-one";
    cli.run(member.userName(), "pw", project, boot).succeeded();
    server.beat("cli-q1");
    boot[boot.length - 1] = "q-two";
    CliRunner.Result refused = cli.run(member.userName(), "pw", project, boot);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("Quota exceeded for instances");
    // The member's limits say the same: one instance of one allowed.
    JsonNode limits =
        cli.run(
                member.userName(),
                "pw",
                project,
                "openstack",
                "limits",
                "show",
                "--absolute",
                "-f",
                "json")
            .json();
    Map<String, Integer> values = new HashMap<>();
    limits.forEach(row -> values.put(row.get("Name").asText(), row.get("Value").asInt()));
    assertThat(values).containsEntry("maxTotalInstances", 1).containsEntry("totalInstancesUsed", 1);
  }

  @Test
  void subnetCreateAndAPortGetsAnAddressFromIt() {
    cli.admin("openstack", "network", "create", "cli-sub-net").succeeded();
    JsonNode subnet =
        cli.admin(
                "openstack",
                "subnet",
                "create",
                "-f",
                "json",
                "--network",
                "cli-sub-net",
                "--subnet-range",
                "10.20.0.0/24",
                "--allocation-pool",
                "start=10.20.0.10,end=10.20.0.20",
                "cli-subnet")
            .json();
    assertThat(subnet.get("cidr").asText()).isEqualTo("10.20.0.0/24");
    assertThat(subnet.get("gateway_ip").asText()).isEqualTo("10.20.0.1");
    JsonNode port =
        cli.admin(
                "openstack",
                "port",
                "create",
                "-f",
                "json",
                "--network",
                "cli-sub-net",
                "cli-sub-port")
            .json();
    assertThat(port.get("fixed_ips").toString()).contains("10.20.0.10");
    // A server booted on the network shows its address under the network's name.
    server.beat("cli-sub-host");
    cli.admin(
            "openstack",
            "server",
            "create",
            "--flavor",
            "m1.tiny",
            "--image",
            "cirros",
            "--network",
            "cli-sub-net",
            "--availability-zone",
            "nova:cli-sub-host",
            "cli-addressed")
        .succeeded();
    JsonNode listed =
        cli.admin("openstack", "server", "list", "-f", "json", "--name", "cli-addressed").json();
    assertThat(listed.get(0).get("Networks").toString())
        .isEqualTo("{\"cli-sub-net\":[\"10.20.0.11\"]}");
    cli.admin("openstack", "server", "delete", "cli-addressed").succeeded();
    JsonNode subnets = cli.admin("openstack", "subnet", "list", "-f", "json").json();
    assertThat(subnets).extracting(s -> s.get("Name").asText()).contains("cli-subnet");
    cli.admin("openstack", "subnet", "set", "--name", "cli-subnet-2", "cli-subnet").succeeded();
    CliRunner.Result inUse = cli.admin("openstack", "subnet", "delete", "cli-subnet-2");
    assertThat(inUse.exitCode()).isNotZero();
    cli.admin("openstack", "port", "delete", "cli-sub-port").succeeded();
    cli.admin("openstack", "subnet", "delete", "cli-subnet-2").succeeded();
  }

  @Test
  void flavorCreateWithAPropertyShowAndDelete() {
    JsonNode created =
        cli.admin(
                "openstack",
                "flavor",
                "create",
                "-f",
                "json",
                "--ram",
                "256",
                "--disk",
                "1",
                "--vcpus",
                "1",
                "--property",
                "hw:cpu_policy=dedicated",
                "cli-flavor")
            .json();
    assertThat(created.get("name").asText()).isEqualTo("cli-flavor");
    JsonNode shown = cli.admin("openstack", "flavor", "show", "-f", "json", "cli-flavor").json();
    assertThat(shown.get("properties").toString()).contains("dedicated");
    JsonNode flavors = cli.admin("openstack", "flavor", "list", "-f", "json").json();
    assertThat(flavors).extracting(f -> f.get("Name").asText()).contains("cli-flavor");
    cli.admin("openstack", "flavor", "delete", "cli-flavor").succeeded();
    assertThat(cli.admin("openstack", "flavor", "show", "cli-flavor").exitCode()).isNotZero();
  }
}
