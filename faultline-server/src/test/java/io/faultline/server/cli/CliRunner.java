package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.server.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real OpenStack command-line client (from Debian's python3-*client packages) against a test
 * server, as an operator would. The clients must be installed; {@code ./run-tests} installs them.
 */
public final class CliRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestServer server;

  public CliRunner(TestServer server) {
    this.server = server;
  }

  /** The outcome of one command. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** The output of a command that succeeded, parsed as JSON ({@code -f json}). */
    public JsonNode json() {
      try {
        return JSON.readTree(succeeded().stdout());
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + stdout, e);
      }
    }

    public Result succeeded() {
      assertThat(exitCode).as("exit code; stderr: %s; stdout: %s", stderr, stdout).isZero();
      return this;
    }
  }

  public Result run(String user, String password, String project, String... command) {
    return runAs(
        Map.of(
            "OS_USERNAME", user,
            "OS_PASSWORD", password,
            "OS_PROJECT_NAME", project,
            "OS_USER_DOMAIN_NAME", "Default",
            "OS_PROJECT_DOMAIN_NAME", "Default"),
        command);
  }

  /**
   * Runs a command with the given credentials ({@code OS_*} variables) besides the server's auth
   * URL and region: an application credential, say.
   */
  public Result runAs(Map<String, String> credentials, String... command) {
    Path executable = find(command[0]);
    List<String> arguments = new ArrayList<>(List.of(command));
    arguments.set(0, executable.toString());
    ProcessBuilder builder = new ProcessBuilder(arguments);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("OS_"));
    environment.put("OS_AUTH_URL", server.baseUrl() + "/v3");
    environment.put("OS_IDENTITY_API_VERSION", "3");
    environment.put("OS_REGION_NAME", "RegionOne");
    environment.putAll(credentials);
    try {
      Path out = Files.createTempFile("cli", ".out");
      Path err = Files.createTempFile("cli", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("command did not finish: " + arguments);
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + arguments + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public Result admin(String... command) {
    return run("admin", TestServer.ADMIN_PASSWORD, "admin", command);
  }

  /**
   * {@code openstack server create} as the admin, at microversion 2.37, of a tiny cirros server
   * with no network on {@code host}; its JSON.
   */
  public JsonNode createServer(String name, String host) {
    return createServer(name, "--availability-zone", "nova:" + host);
  }

  /** {@code openstack server create} of an m1.tiny cirros server with no port, as admin. */
  public JsonNode createServer(String name, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openstack",
                "--os-compute-api-version",
                "2.37",
                "server",
                "create",
                "-f",
                "json",
                "--flavor",
                "m1.tiny",
                "--image",
                "cirros",
                "--nic",
                "none"));
    command.addAll(List.of(options));
    command.add(name);
    return admin(command.toArray(String[]::new)).json();
  }

  private static Path find(String name) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        name
            + " is not installed; the CLI compatibility tests need it (apt-get install"
            + " python3-openstackclient python3-aodhclient, or run ./run-tests as root)");
  }
}
