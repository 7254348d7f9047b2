package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real, unmodified {@code aodh} CLI (python3-aodhclient) against the real server. */
class AodhCliTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Result(int exit, String out) {}

  private static Result aodh(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aodh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("OS_AUTH_URL", server.baseUrl() + "/identity/v3");
    env.put("OS_USERNAME", "admin");
    env.put("OS_PASSWORD", TestServer.ADMIN_PASSWORD);
    env.put("OS_PROJECT_NAME", "admin");
    env.put("OS_USER_DOMAIN_NAME", "Default");
    env.put("OS_PROJECT_DOMAIN_NAME", "Default");
    env.put("OS_IDENTITY_API_VERSION", "3");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out.trim());
  }

  private static String ok(String... args) throws IOException, InterruptedException {
    Result result = aodh(args);
    assertThat(result.exit()).as(String.join(" ", args) + "\n" + result.out()).isZero();
    return result.out();
  }

  @Test
  void alarmLifecycleThroughTheCli() throws Exception {
    String id =
        ok(
            "alarm",
            "create",
            "--type",
            "event",
            "--name",
            "a1",
            "--event-type",
            "compute.instance.update",
            "--query",
            "traits.instance_id=string::ID;traits.state=string::stopped",
            "--alarm-action",
            "http://127.0.0.1:9/x",
            "-f",
            "value",
            "-c",
            "alarm_id");
    assertThat(ok("alarm", "list", "-f", "value", "-c", "alarm_id")).contains(id);
    assertThat(ok("alarm", "show", id, "-f", "value", "-c", "query"))
        .contains("traits.instance_id = ID", "traits.state = stopped");
    assertThat(ok("alarm", "update", id, "--severity", "critical", "-f", "value", "-c", "severity"))
        .isEqualTo("critical");
    assertThat(ok("alarm", "state", "get", id, "-f", "value")).isEqualTo("insufficient data");
    ok("alarm", "state", "set", "--state", "alarm", id);
    assertThat(ok("alarm", "state", "get", id, "-f", "value")).isEqualTo("alarm");
    assertThat(ok("alarm-history", "show", id, "-f", "value", "-c", "type"))
        .contains("creation", "rule change", "state transition");
    assertThat(
            ok(
                "alarm-history",
                "search",
                "--query",
                "alarm_id=" + id,
                "-f",
                "value",
                "-c",
                "alarm_id"))
        .contains(id);
    ok("alarm", "delete", id);
    Result gone = aodh("alarm", "show", id);
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.out()).contains("Alarm " + id + " not found");
    Result threshold =
        aodh(
            "alarm",
            "create",
            "--type",
            "threshold",
            "--name",
            "t",
            "-m",
            "cpu",
            "--threshold",
            "5");
    assertThat(threshold.out()).contains("supported types: event, notification");
  }

  @Test
  void timeConstraintsWithNumericStringDurationsAndCronNamesAndMacros() throws Exception {
    String id =
        ok(
            "alarm",
            "create",
            "--type",
            "event",
            "--name",
            "windowed",
            "--event-type",
            "compute.instance.update",
            "--time-constraint",
            "name=x;start=0 9 * * *;duration=10",
            "--time-constraint",
            "name=weekdays;start=30 8 * * mon-fri;duration=3600;timezone=Europe/Paris",
            "--time-constraint",
            "name=nightly;start=@daily;duration=60",
            "-f",
            "value",
            "-c",
            "alarm_id");
    String constraints = ok("alarm", "show", id, "-f", "json", "-c", "time_constraints");
    assertThat(constraints)
        .contains("0 9 * * *", "30 8 * * mon-fri", "@daily", "Europe/Paris", "3600");
    Result invalid =
        aodh(
            "alarm",
            "create",
            "--type",
            "event",
            "--name",
            "bad",
            "--event-type",
            "compute.instance.update",
            "--time-constraint",
            "name=y;start=0 9 * * funday;duration=10");
    assertThat(invalid.exit()).isNotZero();
    assertThat(invalid.out()).contains("start '0 9 * * funday' is not valid cron");
    Result badDuration =
        aodh(
            "alarm",
            "create",
            "--type",
            "event",
            "--name",
            "bad",
            "--event-type",
            "compute.instance.update",
            "--time-constraint",
            "name=z;start=0 9 * * *;duration=ten");
    assertThat(badDuration.exit()).isNotZero();
    assertThat(badDuration.out()).contains("duration' must be an integer number of seconds");
  }
}
