package io.faultline.server.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code python3-oslo.messaging}, driven through the scripts under {@code
 * src/test/python}: a publisher that sends as Nova does, and a notification listener.
 */
public final class PythonOslo {
  private static final Path SCRIPTS = Path.of("src/test/python");

  private PythonOslo() {}

  private static String python() {
    // Debian's interpreter, which has Debian's oslo.messaging, whatever else is on the PATH.
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  /** Runs the publisher to completion; fails the test when it fails. */
  public static List<String> publish(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(python(), script("oslo_notify.py")));
    command.addAll(List.of("--url", Broker.OSLO_URL));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      output = reader.lines().toList();
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("publisher finished").isTrue();
    assertThat(process.exitValue()).as("publisher output: %s", output).isZero();
    return output;
  }

  private static String script(String name) {
    Path script = SCRIPTS.resolve(name);
    assertThat(script).as("oslo.messaging script").isRegularFile();
    return script.toString();
  }

  /** A running listener; its lines arrive on {@link #lines()}. */
  public static final class Listener implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String pool;

    private Listener(Process process, String pool) {
      this.process = process;
      this.pool = pool;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  in.lines().forEach(lines::add);
                } catch (IOException e) {
                  lines.add("READ FAILED: " + e);
                }
              },
              "oslo-listener-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Starts a listener on {@code exchange}, topic notifications; returns once it consumes. */
    public static Listener start(String exchange, String pool) throws Exception {
      Process process =
          new ProcessBuilder(
                  python(),
                  script("oslo_listen.py"),
                  "--url",
                  Broker.OSLO_URL,
                  "--exchange",
                  exchange,
                  "--pool",
                  pool,
                  "--timeout",
                  "300")
              .redirectErrorStream(true)
              .start();
      Listener listener = new Listener(process, pool);
      List<String> before = new ArrayList<>();
      while (true) {
        String line = listener.lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("listener ready; it printed %s", before).isNotNull();
        if (line.equals("READY")) {
          return listener;
        }
        before.add(line);
      }
    }

    public BlockingQueue<String> lines() {
      return lines;
    }

    public String pool() {
      return pool;
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
