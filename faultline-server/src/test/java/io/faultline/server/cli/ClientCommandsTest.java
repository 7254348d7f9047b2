package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the client commands connect, what they say when that fails, and the agent's backoff. */
class ClientCommandsTest {
  @TempDir Path directory;

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aFailedConnectionNamesTheUrlAndTheCauseNeverNull() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();
    CliCapture agent =
        CliCapture.run("agent", "--host", "h", "--once", "--url", url, "--password", "p");
    assertThat(agent.status()).isEqualTo(1);
    assertThat(agent.err()).contains(url, "connection refused").doesNotContain("null");

    CliCapture host = CliCapture.run("host", "down", "h", "--url", url, "--password", "p");
    assertThat(host.status()).isNotZero();
    assertThat(host.err()).contains(url, "connection refused").doesNotContain("null");

    CliCapture faults = CliCapture.run("faults", "list", "--url", url, "--password", "p");
    assertThat(faults.status()).isEqualTo(1);
    assertThat(faults.err()).contains(url, "connection refused").doesNotContain("null");

    CliCapture badUrl =
        CliCapture.run("faults", "list", "--url", "127.0.0.1:8080", "--password", "p");
    assertThat(badUrl.status()).isEqualTo(1);
    assertThat(badUrl.err()).contains("http://HOST:PORT", "127.0.0.1:8080");
  }

  @Test
  void osAuthUrlAndTheOsVariablesAreHonoured() {
    Connection.Resolved resolved =
        new Connection()
            .resolve(
                Map.of(
                    "OS_AUTH_URL", "http://controller:8080/v3/",
                    "OS_USERNAME", "ops",
                    "OS_PASSWORD", "pw",
                    "OS_PROJECT_NAME", "infra"),
                List.of());
    assertThat(resolved)
        .isEqualTo(new Connection.Resolved("http://controller:8080", "ops", "pw", "infra"));
  }

  @Test
  void osCloudReadsTheFirstCloudsYamlFound() throws IOException {
    Path clouds = directory.resolve("clouds.yaml");
    Files.writeString(
        clouds,
        """
        clouds:
          faultline:
            auth:
              auth_url: http://keystone.example:8080/v3
              username: cloud-user
              password: cloud-pw
              project_name: cloud-project
            region_name: RegionOne
        """);
    Connection.Resolved resolved =
        new Connection()
            .resolve(
                Map.of("OS_CLOUD", "faultline", "OS_USERNAME", "ignored"),
                List.of(directory.resolve("absent.yaml"), clouds));
    assertThat(resolved)
        .isEqualTo(
            new Connection.Resolved(
                "http://keystone.example:8080", "cloud-user", "cloud-pw", "cloud-project"));

    assertThatThrownBy(() -> new Connection().resolve(Map.of("OS_CLOUD", "other"), List.of(clouds)))
        .hasMessageContaining("cloud 'other' is not defined in " + clouds);
    assertThatThrownBy(
            () ->
                new Connection()
                    .resolve(Map.of("OS_CLOUD", "x"), List.of(directory.resolve("none.yaml"))))
        .hasMessageContaining("no clouds.yaml was found");
    assertThat(Connection.cloudFiles(Map.of()))
        .contains(Path.of("clouds.yaml"), Path.of("/etc/openstack/clouds.yaml"));
  }

  @Test
  void theAgentBacksOffExponentiallyAndSpeaksOnlyWhenItsStateChanges() {
    BeatSchedule schedule = new BeatSchedule(1000, 8000);
    assertThat(schedule.accepted()).isEmpty();
    assertThat(schedule.waitMillis()).isEqualTo(1000);

    assertThat(schedule.failed("down"))
        .hasValueSatisfying(line -> assertThat(line).contains("down"));
    assertThat(schedule.waitMillis()).isEqualTo(1000);
    assertThat(schedule.failed("down")).isEmpty();
    assertThat(schedule.waitMillis()).isEqualTo(2000);
    assertThat(schedule.failed("down")).isEmpty();
    assertThat(schedule.waitMillis()).isEqualTo(4000);
    assertThat(schedule.failed("refused")).isPresent();
    assertThat(schedule.waitMillis()).isEqualTo(8000);
    assertThat(schedule.failed("refused")).isEmpty();
    assertThat(schedule.waitMillis()).isEqualTo(8000);

    assertThat(schedule.accepted())
        .hasValueSatisfying(line -> assertThat(line).contains("accepted again after 5"));
    assertThat(schedule.waitMillis()).isEqualTo(1000);
    assertThat(schedule.accepted()).isEmpty();
  }
}
