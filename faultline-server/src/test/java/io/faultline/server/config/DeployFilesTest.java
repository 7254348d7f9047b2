package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files under deploy/ name only real settings, with valid values. */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Pattern SETTING_LINE = Pattern.compile("(?m)^#(?=[a-z]|  )");
  private static final Pattern SHELL_EXEC_START =
      Pattern.compile("(?m)^ExecStart=/bin/sh -c '([^']*)'$");

  /** faultline.env's variables beside the settings: the file of settings, and the unit's JVM. */
  private static final Set<String> NON_SETTING_VARIABLES =
      Set.of("FAULTLINE_CONFIG", "FAULTLINE_JAVA_OPTS", "FAULTLINE_JAVA");

  @TempDir Path directory;

  @Test
  void everySettingOfTheCommentedConfigurationLoadsWhenUncommented() throws IOException {
    String commented = Files.readString(DEPLOY.resolve("faultline.yaml"));
    Path file = directory.resolve("faultline.yaml");
    Files.writeString(file, SETTING_LINE.matcher(commented).replaceAll(""));

    FaultlineConfig config = ConfigLoader.load(Optional.of(file), Map.of());

    assertThat(config.store().url()).startsWith("jdbc:postgresql:");
    assertThat(config.bus().rabbitMq()).isPresent();
    assertThat(config.bus().rabbitMq().orElseThrow().exchangeFor("port.update.end"))
        .isEqualTo("neutron");
  }

  @Test
  void theEnvironmentFileSetsOnlyVariablesFaultlineReads() throws IOException {
    for (String line : Files.readAllLines(DEPLOY.resolve("faultline.env"))) {
      String setting = line.startsWith("#") ? line.substring(1) : line;
      if (!setting.matches("FAULTLINE_[A-Z_]+=.*")) {
        continue;
      }
      String variable = setting.substring(0, setting.indexOf('='));
      assertThat(
              ConfigLoader.ENVIRONMENT_KEYS.containsKey(variable)
                  || NON_SETTING_VARIABLES.contains(variable))
          .as(variable)
          .isTrue();
    }
  }

  @Test
  void theServerUnitRunsTheConfiguredJavaWithTheEnvironmentFilesOptions() throws Exception {
    assertThat(runExecStart("faultline.service", "faultline.env"))
        .containsExactly(
            "-Xmx2g",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            "/opt/faultline/faultline.jar",
            "serve");
  }

  @Test
  void theAgentUnitRunsTheConfiguredJavaWithItsHostAndInterval() throws Exception {
    assertThat(runExecStart("faultline-agent.service", "agent.env"))
        .containsExactly(
            "-Xmx64m",
            "-XX:+ExitOnOutOfMemoryError",
            "-jar",
            "/opt/faultline/faultline.jar",
            "agent",
            "--host",
            "compute-1",
            "--interval-ms",
            "1000");
  }

  /**
   * Runs a unit's ExecStart as systemd would with its environment file, FAULTLINE_JAVA pointing at
   * a stand-in that records its arguments, and returns them. The stand-in must be the shell's own
   * process ({@code exec}), so that systemd's SIGTERM reaches the JVM.
   */
  private List<String> runExecStart(String unit, String environmentFile) throws Exception {
    Matcher execStart = SHELL_EXEC_START.matcher(Files.readString(DEPLOY.resolve(unit)));
    assertThat(execStart.find()).as("%s runs its JVM through /bin/sh -c '…'", unit).isTrue();
    String script = execStart.group(1);
    // systemd substitutes $VAR and ${VAR} itself and turns $$ into $; the script leaves every
    // variable to the shell, so after the unescaping it is what the shell runs.
    assertThat(script.replace("$$", ""))
        .as("a $ that systemd would substitute")
        .doesNotContain("$");
    script = script.replace("$$", "$");

    Map<String, String> environment = new HashMap<>();
    for (String line : Files.readAllLines(DEPLOY.resolve(environmentFile))) {
      int equals = line.indexOf('=');
      if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
        environment.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    assertThat(environment.get("FAULTLINE_JAVA"))
        .as("FAULTLINE_JAVA in " + environmentFile)
        .isNotBlank();
    Path arguments = directory.resolve("arguments");
    Path java = directory.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\necho \"$PPID\" > '"
            + arguments
            + "'\nprintf '%s\\n' \"$@\" >> '"
            + arguments
            + "'\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    environment.put("FAULTLINE_JAVA", java.toString());

    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    List<String> lines = Files.readAllLines(arguments);
    assertThat(Long.parseLong(lines.get(0)))
        .as("the JVM's parent: the shell exec'd it, so it is the service's main process")
        .isEqualTo(ProcessHandle.current().pid());
    return lines.subList(1, lines.size());
  }
}
