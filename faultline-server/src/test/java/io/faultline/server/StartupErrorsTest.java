package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline serve} as a real process: a failure to start is one line and exit status 1. */
class StartupErrorsTest {
  @TempDir Path dataDir;

  record Outcome(int exitCode, String stdout, List<String> stderr) {}

  private Outcome serve(Map<String, String> environment) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve");
    builder.environment().keySet().removeIf(key -> key.startsWith("FAULTLINE_"));
    builder.environment().put("FAULTLINE_DATA_DIR", dataDir.toString());
    builder.environment().put("FAULTLINE_HOST", "127.0.0.1");
    builder.environment().putAll(environment);
    Path out = Files.createTempFile(dataDir, "stdout", ".txt");
    Path err = Files.createTempFile(dataDir, "stderr", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the process ends by itself").isTrue();
      return new Outcome(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readAllLines(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static void assertNoStackTrace(Outcome outcome) {
    assertThat(outcome.stderr())
        .noneMatch(line -> line.startsWith("\tat ") || line.contains("stepArray"))
        .noneMatch(line -> line.contains("Exception in thread"));
  }

  @Test
  void aPortInUseIsOneLineNamingTheSettingAndThePasswordIsStillPrinted() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Outcome outcome = serve(Map.of("FAULTLINE_PORT", Integer.toString(taken.getLocalPort())));

      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.stderr())
          .filteredOn(line -> line.startsWith("faultline: "))
          .containsExactly(
              "faultline: cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": Address already in use (set server.port or FAULTLINE_PORT to a free port)");
      assertNoStackTrace(outcome);
      assertThat(outcome.stdout()).containsPattern("Generated the admin password .*: \\S{12,}");
    }
  }

  @Test
  void anUnreachableDatabaseNamesTheUrlAndWhy() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/faultline";
    Outcome outcome = serve(Map.of("FAULTLINE_PORT", "0", "FAULTLINE_DB_URL", url));

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .filteredOn(line -> line.startsWith("faultline: "))
        .singleElement()
        .asString()
        .startsWith("faultline: cannot open the database at " + url + ": ")
        .contains("refused")
        .endsWith("(check store.url or FAULTLINE_DB_URL, store.user, store.password)");
    assertNoStackTrace(outcome);
  }

  @Test
  void aMalformedDatabaseUrlSaysSo() throws Exception {
    Outcome outcome =
        serve(
            Map.of(
                "FAULTLINE_PORT", "0", "FAULTLINE_DB_URL", "jdbc:postgresql://127.0.0.1:port/db"));

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .filteredOn(line -> line.startsWith("faultline: "))
        .containsExactly(
            "faultline: cannot open the database at jdbc:postgresql://127.0.0.1:port/db: the JDBC"
                + " driver does not accept this URL (is the host, port or database malformed?)"
                + " (check store.url or FAULTLINE_DB_URL, store.user, store.password)");
    assertNoStackTrace(outcome);
  }

  @Test
  void aUrlOfAnotherDatabaseIsRefusedBeforeAnythingStarts() throws Exception {
    Outcome outcome = serve(Map.of("FAULTLINE_DB_URL", "mysql://127.0.0.1/db"));

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .containsExactly(
            "faultline: invalid configuration: store.url must be a jdbc:h2: or jdbc:postgresql:"
                + " URL, not mysql://127.0.0.1/db");
  }
}
