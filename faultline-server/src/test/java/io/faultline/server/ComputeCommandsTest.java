package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code faultline agent} and {@code faultline host down|up} against a running server. */
class ComputeCommandsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static int run(String... args) {
    return Main.commandLine().execute(args);
  }

  private static JsonNode service(String host) {
    return server
        .http()
        .send(
            "GET",
            "/v2.1/os-services?host=" + host,
            server.adminToken(),
            null,
            Map.of("X-OpenStack-Nova-API-Version", "2.11"))
        .expect(200)
        .json()
        .at("/services/0");
  }

  @Test
  void theAgentRegistersItsHostAndTheHostCommandReportsItDown() {
    String url = server.baseUrl();
    assertThat(run("agent", "--host", "cli-1", "--once", "--url", url, "--password", "secret"))
        .isZero();
    assertThat(service("cli-1").get("state").asText()).isEqualTo("up");

    assertThat(run("host", "down", "cli-1", "--url", url, "--password", "secret")).isZero();
    assertThat(service("cli-1").get("forced_down").asBoolean()).isTrue();
    assertThat(service("cli-1").get("state").asText()).isEqualTo("down");

    assertThat(run("host", "up", "cli-1", "--url", url, "--password", "secret")).isZero();
    assertThat(service("cli-1").get("forced_down").asBoolean()).isFalse();
  }

  @Test
  void failuresAreReportedWithANonZeroStatus() {
    String url = server.baseUrl();
    assertThat(run("host", "down", "nowhere", "--url", url, "--password", "secret")).isEqualTo(1);
    assertThat(run("agent", "--host", "cli-2", "--once", "--url", url, "--password", "wrong"))
        .isNotZero();
  }

  @Test
  void theAgentReportsItsHostsAddressAndUptime() {
    String url = server.baseUrl();
    assertThat(
            run(
                "agent",
                "--host",
                "cli-3",
                "--host-ip",
                "192.0.2.77",
                "--once",
                "--url",
                url,
                "--password",
                "secret"))
        .isZero();
    JsonNode hypervisor =
        server
            .http()
            .send(
                "GET",
                "/v2.1/os-hypervisors/cli-3/search",
                server.adminToken(),
                null,
                Map.of("X-OpenStack-Nova-API-Version", "2.53"))
            .expect(200)
            .json()
            .at("/hypervisors/0");
    String id = hypervisor.get("id").asText();
    JsonNode shown =
        server
            .http()
            .send(
                "GET",
                "/v2.1/os-hypervisors/" + id,
                server.adminToken(),
                null,
                Map.of("X-OpenStack-Nova-API-Version", "2.53"))
            .expect(200)
            .json();
    assertThat(shown.at("/hypervisor/host_ip").asText()).isEqualTo("192.0.2.77");
    // Linux has /proc/uptime, which the agent reports: the uptime route answers.
    assertThat(
            server
                .http()
                .send(
                    "GET",
                    "/v2.1/os-hypervisors/" + id + "/uptime",
                    server.adminToken(),
                    null,
                    Map.of("X-OpenStack-Nova-API-Version", "2.53"))
                .expect(200)
                .json()
                .at("/hypervisor/uptime")
                .asText())
        .contains(" up ", "load average: ");
    assertThat(
            run(
                "agent",
                "--host",
                "cli-3",
                "--host-ip",
                "not-an-address",
                "--once",
                "--url",
                url,
                "--password",
                "secret"))
        .isNotZero();
  }
}
