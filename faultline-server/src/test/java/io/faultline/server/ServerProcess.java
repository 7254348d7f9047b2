package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code faultline serve} in its own JVM, on the test's class path, with a log file under {@code
 * target/}: a real server that a test can kill with {@code kill -9} and start again on the same
 * data.
 */
public final class ServerProcess implements AutoCloseable {
  public static final String PASSWORD = "secret";
  private static final Pattern SERVING =
      Pattern.compile("Faultline is serving on (http://[^\\s\"\\\\]+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Process process;
  private final String baseUrl;
  private final Path log;
  private final Thread logReader;

  private ServerProcess(Process process, String baseUrl, Path log, Thread logReader) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.log = log;
    this.logReader = logReader;
  }

  /** Starts a server on an H2 file database in {@code data}, without the built-in monitor. */
  public static ServerProcess start(Path data, String name) throws Exception {
    return start(data, name, "monitor:\n  enabled: false\n");
  }

  /**
   * Starts a server on an H2 file database in {@code data}; {@code extraConfig} is YAML added to
   * the configuration (the monitor's and inspector's sections, say).
   */
  public static ServerProcess start(Path data, String name, String extraConfig) throws Exception {
    return start(data, name, extraConfig, List.of());
  }

  /**
   * Starts a server as {@link #start(Path, String, String)} does, with extra options for its JVM
   * ({@code -Dname=value}, say).
   */
  public static ServerProcess start(
      Path data, String name, String extraConfig, List<String> jvmOptions) throws Exception {
    Files.createDirectories(data);
    return startWith(
        data.resolveSibling(name + ".yaml"),
        name,
        """
        server:
          host: 127.0.0.1
          port: 0
        store:
          data-dir: %s
        identity:
          admin-password: %s
          bcrypt-cost: 4
        compute:
          default-vcpus: 1024
          default-memory-mb: 4194304
        """
                .formatted(data.toAbsolutePath(), PASSWORD)
            + extraConfig,
        jvmOptions);
  }

  /**
   * Starts a server with this whole configuration (YAML), written to {@code config}; it should
   * listen on {@code 127.0.0.1}, port 0, with {@link #PASSWORD} as the admin's password.
   */
  public static ServerProcess startWith(Path config, String name, String yaml) throws Exception {
    return startWith(config, name, yaml, List.of());
  }

  private static ServerProcess startWith(
      Path config, String name, String yaml, List<String> jvmOptions) throws Exception {
    Files.writeString(config, yaml);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.faultline.server.Main",
            "serve",
            "--config",
            config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("FAULTLINE_"));
    Process process = builder.start();
    Path log = Path.of("target", "server-" + name + ".log");
    Files.createDirectories(log.getParent());
    CountDownLatch serving = new CountDownLatch(1);
    String[] url = new String[1];
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = lines.readLine()) != null) {
                  out.println(line);
                  Matcher matcher = SERVING.matcher(line);
                  if (matcher.find()) {
                    url[0] = matcher.group(1);
                    serving.countDown();
                  }
                }
              } catch (IOException e) {
                // the process was killed; its log ends here
              }
            },
            "server-log-" + name);
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!serving.await(200, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the server exited with " + process.exitValue() + " while starting; see " + log);
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError("the server did not start within 120 s; see " + log);
      }
    }
    return new ServerProcess(process, url[0], log, reader);
  }

  /** Waits for the process to end by itself (a crash point halted it); returns its exit status. */
  public int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("the server ended by itself; see %s", log)
        .isTrue();
    logReader.join(TimeUnit.SECONDS.toMillis(30));
    return process.exitValue();
  }

  /** {@code kill -9}: no shutdown hook, no clean close of the database. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * The node's machine dies: {@code kill -9} of the server and of every process it started (a fence
   * command still running, say), children first so that none outlives it.
   */
  public void killWithChildren() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    kill();
  }

  /**
   * {@code kill -STOP} of the server alone (not of the processes it started): the JVM freezes as in
   * a long GC pause or a stopped VM, its lease runs out, and the other nodes take over its work.
   */
  public void pause() throws Exception {
    signal("STOP");
  }

  /** {@code kill -CONT}: a paused server resumes where it stopped, unaware of the pause. */
  public void unpause() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s", name, process.pid()).isZero();
  }

  /** A clean stop (SIGTERM), which closes the database; returns the exit status. */
  public int stop() throws InterruptedException {
    // Through the handle: Process.destroy() would also close the pipe, losing the shutdown's log.
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    logReader.join(TimeUnit.SECONDS.toMillis(30));
    return process.exitValue();
  }

  /** The server's log so far (standard output and error). */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  public String token() throws Exception {
    return token("admin", PASSWORD, "admin");
  }

  public String token(String user, String password, String project) throws Exception {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
          "domain": {"name": "Default"}, "password": "%s"}}},
          "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """
            .formatted(user, password, project);
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  /**
   * Readies a compute host for a big one-host fleet, as {@code admin}: lifts Nova's default quota
   * (10 instances a project) and sends the host's first heartbeat, so instances can be placed on
   * it.
   */
  public void prepareHost(String admin, String host) throws Exception {
    send(
            "PUT",
            "/v2.1/os-quota-class-sets/default",
            admin,
            "{\"quota_class_set\": {\"instances\": -1, \"cores\": -1, \"ram\": -1}}")
        .expect(200);
    send(
            "POST",
            "/v1/agents/heartbeat",
            admin,
            "{\"host\": \"" + host + "\", \"binary\": \"nova-compute\"}")
        .expect(200);
  }

  /** Sends a request; {@code headers} are extra names and values, in pairs. */
  public Reply send(String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("X-Auth-Token", token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  public record Reply(int status, String body) {
    public Reply expect(int expected) {
      assertThat(status).as(body).isEqualTo(expected);
      return this;
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
