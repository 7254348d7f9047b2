package io.faultline.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs on a compute host and heartbeats its nova-compute service until stopped. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Heartbeat a host's compute service to a Faultline server, periodically.")
public final class AgentCommand implements Callable<Integer> {
  @Option(names = "--host", required = true, description = "This host's name.")
  String host;

  @Option(
      names = "--interval-ms",
      defaultValue = "1000",
      description = "Milliseconds between beats (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  @Option(
      names = "--host-ip",
      description = "This host's address, reported as the hypervisor's host_ip (monitors ping it).")
  String hostIp;

  @Option(
      names = "--max-backoff-ms",
      defaultValue = "30000",
      description =
          "After failed beats the wait doubles from the interval up to this many milliseconds"
              + " (default: ${DEFAULT-VALUE}).")
  long maxBackoffMillis;

  @Option(
      names = "--once",
      description =
          "Send one beat and exit (status 0 if accepted). Like every beat it registers the host"
              + " if it is new; with no beat after it, the server's heartbeat monitor reports the"
              + " host down once its timeout passes. For checking the connection and"
              + " credentials, not for keeping a host up.")
  boolean once;

  @Mixin Connection connection;

  @Override
  public Integer call() throws InterruptedException {
    if (intervalMillis < 1) {
      System.err.println("faultline agent: --interval-ms must be positive");
      return 2;
    }
    if (maxBackoffMillis < intervalMillis) {
      System.err.println("faultline agent: --max-backoff-ms must be at least --interval-ms");
      return 2;
    }
    FaultlineClient client;
    try {
      client = connection.client();
    } catch (IllegalArgumentException e) {
      System.err.println("faultline agent: " + e.getMessage());
      return 2;
    }
    if (once) {
      Optional<String> problem = beat(client, body());
      problem.ifPresent(text -> System.err.println("faultline agent: " + text));
      return problem.isEmpty() ? 0 : 1;
    }
    System.out.println(
        "faultline agent: heartbeating "
            + host
            + " to "
            + client.baseUrl()
            + " every "
            + intervalMillis
            + " ms");
    BeatSchedule schedule = new BeatSchedule(intervalMillis, maxBackoffMillis);
    while (true) {
      Optional<String> problem = beat(client, body());
      Optional<String> line =
          problem.isEmpty() ? schedule.accepted() : schedule.failed(problem.get());
      line.ifPresent(text -> System.err.println("faultline agent: " + text));
      Thread.sleep(schedule.waitMillis());
    }
  }

  /**
   * The beat: host and binary, the address when given, and on Linux the host's uptime and load
   * average (read from /proc), so that os-hypervisors can show them.
   */
  private Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("host", host);
    body.put("binary", "nova-compute");
    if (hostIp != null) {
      body.put("host_ip", hostIp);
    }
    firstFields("/proc/uptime", 1)
        .ifPresent(fields -> body.put("uptime_seconds", Double.parseDouble(fields.get(0))));
    firstFields("/proc/loadavg", 3)
        .ifPresent(fields -> body.put("load_average", String.join(", ", fields)));
    return body;
  }

  /** The first {@code count} numeric fields of a /proc file, when it exists and reads so. */
  private static Optional<List<String>> firstFields(String file, int count) {
    try {
      String[] fields = Files.readString(Path.of(file)).trim().split("\\s+", -1);
      if (fields.length < count) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Double.parseDouble(fields[i]);
        values.add(fields[i]);
      }
      return Optional.of(values);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** One beat; empty when accepted, else what went wrong (the URL, and why). */
  private static Optional<String> beat(FaultlineClient client, Map<String, Object> body)
      throws InterruptedException {
    try {
      FaultlineClient.Response response =
          client.send("POST", "/v1/agents/heartbeat", body, Map.of());
      if (!response.ok()) {
        return Optional.of(
            "heartbeat refused by "
                + client.baseUrl()
                + ": HTTP "
                + response.status()
                + " "
                + FaultlineClient.message(response.body()));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("heartbeat failed: " + e.getMessage());
    }
  }
}
