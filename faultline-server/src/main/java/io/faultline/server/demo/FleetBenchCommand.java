package io.faultline.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.store.Database;
import io.faultline.store.DatabaseSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline bench fleet}: a big fleet on one server. Builds it (through the store, or
 * through the APIs with {@code --through-api}), then starts a real {@code faultline serve} process
 * on it and measures the start until {@code /healthz} answers (the event index is loaded before the
 * server listens), heap and RSS at rest, the fault loop on one host of the fleet, and the alarm
 * creation rate through the API as alarms accumulate.
 */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description =
        "Build a fleet, then measure a real server on it: start time, heap and RSS, the fault"
            + " loop on one host, alarm creation through the API.")
public final class FleetBenchCommand implements Callable<Integer> {
  private static final String PASSWORD = "fleet-admin";
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /**
   * The memory budget (README, "The embedded store on a big fleet"): the heap a server needs at
   * rest after a full GC is at most its fixed part plus a share per instance (with its port) and
   * per alarm. Instances, ports and hosts live in the store; the heap holds the event index of the
   * alarms. The benchmark checks what it measures against this.
   */
  static final long BUDGET_FIXED_BYTES = 96L * 1024 * 1024;

  static final long BUDGET_PER_INSTANCE_BYTES = 64;
  static final long BUDGET_PER_ALARM_BYTES = 1536;

  @Option(names = "--hosts", defaultValue = "100", description = "Compute hosts (default 100).")
  int hosts;

  @Option(
      names = "--instances-per-host",
      defaultValue = "100",
      description = "Instances per host, each with a port and an event alarm (default 100).")
  int instancesPerHost;

  @Option(
      names = "--through-api",
      description = "Build through the APIs (realistic, slow) rather than through the store.")
  boolean throughApi;

  @Option(
      names = "--db-url",
      description = "JDBC URL (default: an H2 file in a temporary directory).")
  String databaseUrl;

  @Option(
      names = "--heap",
      defaultValue = "2g",
      description = "The server's maximum heap, as -Xmx takes it (default 2g).")
  String heap;

  @Option(
      names = "--fault-runs",
      defaultValue = "5",
      description = "Host-down faults measured, each on another host (default 5).")
  int faultRuns;

  @Option(
      names = "--warm-up-faults",
      defaultValue = "3",
      description =
          "Host-down faults on other hosts before the measured ones, not measured, so that those"
              + " meet a warm JIT and store cache (default 3).")
  int warmUpFaults;

  @Option(
      names = "--clients",
      defaultValue = "8",
      description = "Concurrent API clients creating alarms (default 8).")
  int clients;

  @Option(
      names = "--alarm-batches",
      defaultValue = "5",
      description = "Batches of alarms created through the API (default 5).")
  int alarmBatches;

  @Option(
      names = "--alarm-batch-size",
      defaultValue = "2000",
      description = "Alarms per batch (default 2000).")
  int alarmBatchSize;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (hosts < 1
        || instancesPerHost < 1
        || faultRuns < 0
        || warmUpFaults < 0
        || faultRuns + warmUpFaults > hosts
        || clients < 1) {
      System.err.println(
          "faultline bench fleet: hosts, instances and clients must be positive, warm-up faults"
              + " and fault runs together at most hosts");
      return 2;
    }
    try (TemporaryDirectory data = new TemporaryDirectory("faultline-fleet");
        ConsumerReceiver consumer = new ConsumerReceiver()) {
      String url = databaseUrl != null ? databaseUrl : data.h2Url();
      Path config = data.path().resolve("faultline.yaml");
      if (throughApi) {
        try (ServerProcess server = ServerProcess.start(config, url, data.path(), heap)) {
          buildThroughApi(server.baseUrl(), consumer.url());
        }
      } else {
        out.printf(
            "Writing the fleet through the store: %,d hosts × %,d instances%n",
            hosts, instancesPerHost);
        try (Database database =
            Database.openForBulkLoad(
                new DatabaseSettings(url, Optional.empty(), Optional.empty(), 4, 30_000))) {
          new FleetBuilder(database).build(hosts, instancesPerHost, consumer.url(), out);
        }
      }
      measure(config, url, data.path(), consumer);
    }
    return 0;
  }

  private void measure(Path config, String url, Path dataDirectory, ConsumerReceiver consumer)
      throws Exception {
    long spawned = System.nanoTime();
    try (ServerProcess server = ServerProcess.start(config, url, dataDirectory, heap)) {
      double startSeconds = (System.nanoTime() - spawned) / 1e9;
      out.printf("start until /healthz answers (event index loaded): %.1f s%n", startSeconds);
      TimeUnit.SECONDS.sleep(5);
      long instances = (long) hosts * instancesPerHost;
      long atRest = server.heapUsedAfterGc();
      out.printf(
          "at rest: heap used %,d MB after a full GC (-Xmx%s), RSS %,d MB%n",
          atRest / (1024 * 1024), heap, server.rss() / (1024 * 1024));
      out.println("largest classes on the heap at rest (jcmd GC.class_histogram):");
      server.histogram(12).forEach(line -> out.println("  " + line));
      checkBudget("at rest", atRest, instances, instances);
      ApiClient api = new ApiClient(server.baseUrl());
      api.login("admin", PASSWORD, "admin");
      serverList(api);
      faultLoop(api, consumer);
      alarmCreation(api);
      if (alarmBatches > 0) {
        long added = (long) alarmBatches * (alarmBatchSize / clients) * clients;
        long after = server.heapUsedAfterGc();
        out.printf(
            "after creating %,d more alarms: heap used %,d MB after a full GC, %,d bytes per added"
                + " alarm%n",
            added, after / (1024 * 1024), (after - atRest) / Math.max(1, added));
        checkBudget("after alarm creation", after, instances, instances + added);
      }
    }
  }

  /** Says whether {@code used} is within the memory budget for the fleet's size. */
  private void checkBudget(String when, long used, long instances, long alarms) {
    long budget =
        BUDGET_FIXED_BYTES
            + instances * BUDGET_PER_INSTANCE_BYTES
            + alarms * BUDGET_PER_ALARM_BYTES;
    out.printf(
        "memory budget %s: %,d MB used of %,d MB (%,d MB + %d B × %,d instances + %,d B × %,d"
            + " alarms): %s%n",
        when,
        used / (1024 * 1024),
        budget / (1024 * 1024),
        BUDGET_FIXED_BYTES / (1024 * 1024),
        BUDGET_PER_INSTANCE_BYTES,
        instances,
        BUDGET_PER_ALARM_BYTES,
        alarms,
        used <= budget ? "within" : "OVER THE BUDGET");
  }

  /** {@code openstack server list --all-projects --limit 100}: the request it makes, five times. */
  private void serverList(ApiClient api) {
    double[] millis = new double[5];
    int listed = 0;
    for (int i = 0; i < millis.length; i++) {
      long start = System.nanoTime();
      listed = api.get("/v2.1/servers/detail?all_tenants=True&limit=100").get("servers").size();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(millis);
    out.printf(
        "server list --all-projects --limit 100: %d servers, best %.1f ms, median %.1f ms, worst"
            + " %.1f ms%n",
        listed, millis[0], millis[2], millis[4]);
  }

  private void faultLoop(ApiClient api, ConsumerReceiver consumer) throws Exception {
    List<Double> measured = new ArrayList<>();
    for (int run = 0; run < warmUpFaults + faultRuns; run++) {
      boolean warmUp = run < warmUpFaults;
      String host = FleetBuilder.host(run);
      String report =
          """
          [{"id": "%s", "time": "%s", "type": "compute.host.down",
            "details": {"hostname": "%s", "status": "down", "monitor": "faultline-bench",
                        "monitor_event_id": "%s"}}]
          """
              .formatted(UUID.randomUUID(), Instant.now(), host, UUID.randomUUID());
      long start = System.nanoTime();
      String faultId = api.put("/v1/events", report, 202).at("/faults/0/fault_id").asText();
      ConsumerReceiver.Arrivals arrivals = consumer.arrivals(faultId);
      long deadline = start + TimeUnit.SECONDS.toNanos(60);
      while (arrivals.count.get() < instancesPerHost && System.nanoTime() < deadline) {
        Thread.sleep(0, 200_000);
      }
      double millis = (arrivals.lastNanos - start) / 1e6;
      out.printf(
          "fault loop on %s%s: %d of %d webhooks, last %.1f ms after the report%n",
          host,
          warmUp ? " (warm-up, not measured)" : "",
          arrivals.count.get(),
          instancesPerHost,
          millis);
      if (!warmUp) {
        measured.add(millis);
        out.println("  " + stages(api, faultId));
      }
    }
    if (!measured.isEmpty()) {
      List<Double> sorted = measured.stream().sorted().toList();
      out.printf(
          "fault loop, %d measured runs after %d warm-up faults: best %.1f ms, median %.1f ms,"
              + " worst %.1f ms%n",
          sorted.size(),
          warmUpFaults,
          sorted.get(0),
          sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1));
    }
  }

  /** A fault's stages as the server stamped them: ms since the fault was detected (T0). */
  private static String stages(ApiClient api, String faultId) {
    StringBuilder line = new StringBuilder("stages (ms since T0):");
    for (JsonNode stage : api.get("/v1/faults/" + faultId).at("/fault/timeline")) {
      line.append(' ')
          .append(stage.get("stage").asText())
          .append(' ')
          .append(stage.get("name").asText())
          .append(String.format(Locale.ROOT, " %.1f;", stage.get("ms_since_detected").asDouble()));
    }
    return line.toString();
  }

  private void alarmCreation(ApiClient api) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    out.printf(
        "alarm creation through the API: %d clients, batches of %,d%n", clients, alarmBatchSize);
    try {
      long existing = (long) hosts * instancesPerHost;
      for (int batch = 0; batch < alarmBatches; batch++) {
        List<Future<Integer>> work = new ArrayList<>();
        long start = System.nanoTime();
        int perClient = alarmBatchSize / clients;
        for (int c = 0; c < clients; c++) {
          int client = c;
          int number = batch;
          work.add(pool.submit(() -> createAlarms(api, number, client, perClient)));
        }
        int created = 0;
        for (Future<Integer> done : work) {
          created += done.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        existing += created;
        out.printf(
            "alarm creation batch %d: %,d alarms in %.1f s = %,.0f/s (%,d alarms defined)%n",
            batch + 1, created, seconds, created / seconds, existing);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static int createAlarms(ApiClient api, int batch, int client, int count) {
    for (int i = 0; i < count; i++) {
      api.postExpecting(
          "/v2/alarms",
          """
          {"name": "bench-%d-%d-%d", "type": "event", "alarm_actions": ["log://"],
           "event_rule": {"event_type": "compute.instance.update",
             "query": [{"field": "traits.state", "op": "eq", "type": "string",
                        "value": "error"}]}}
          """
              .formatted(batch, client, i),
          201);
    }
    return count;
  }

  private void buildThroughApi(String baseUrl, String webhook) throws Exception {
    out.printf(
        "Building the fleet through the APIs: %,d hosts × %,d instances%n",
        hosts, instancesPerHost);
    ApiClient api = new ApiClient(baseUrl);
    api.login("admin", PASSWORD, "admin");
    String network =
        api.post("/v2.0/networks", "{\"network\": {\"name\": \"fleet-net\"}}", 201)
            .at("/network/id")
            .asText();
    for (int h = 0; h < hosts; h++) {
      api.post("/v1/agents/heartbeat", "{\"host\": \"" + FleetBuilder.host(h) + "\"}", 200);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int h = 0; h < hosts; h++) {
        String host = FleetBuilder.host(h);
        for (int n = 0; n < instancesPerHost; n++) {
          String name = host + "-vnf-" + n;
          work.add(
              pool.submit(() -> FaultLoopScenario.instance(api, host, name, network, webhook)));
        }
      }
      long start = System.nanoTime();
      for (int i = 0; i < work.size(); i++) {
        work.get(i).get();
        if ((i + 1) % 10_000 == 0) {
          out.printf(
              "  %,d instances with port and alarm in %.0f s%n",
              i + 1, (System.nanoTime() - start) / 1e9);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A real {@code faultline serve} in its own JVM, on a loopback port. */
  private static final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final String baseUrl;

    private ServerProcess(Process process, String baseUrl) {
      this.process = process;
      this.baseUrl = baseUrl;
    }

    static ServerProcess start(Path config, String url, Path dataDirectory, String heap)
        throws IOException, InterruptedException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      // The monitor is off: the fleet's hosts never beat, and faults are injected.
      Files.writeString(
          config,
          """
          server:
            host: 127.0.0.1
            port: %d
          store:
            url: "%s"
          identity:
            admin-password: %s
          monitor:
            enabled: false
          compute:
            service-down-time: PT1H
          """
              .formatted(port, url, PASSWORD));
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx" + heap,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.faultline.server.Main",
                  "serve",
                  "--config",
                  config.toString())
              .redirectOutput(dataDirectory.resolve("server.out").toFile())
              .redirectError(dataDirectory.resolve("server.err").toFile())
              .start();
      ServerProcess server = new ServerProcess(process, "http://127.0.0.1:" + port);
      try {
        server.awaitHealthy(Duration.ofMinutes(10));
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    }

    String baseUrl() {
      return baseUrl;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the server exited with " + process.exitValue());
        }
        try {
          HttpResponse<Void> health =
              http.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/healthz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          if (health.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("the server did not answer /healthz within " + timeout);
    }

    long heapUsedAfterGc() throws IOException, InterruptedException {
      jcmd("GC.run");
      Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
      return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }

    /** The first {@code classes} rows of the heap's class histogram. */
    List<String> histogram(int classes) throws IOException, InterruptedException {
      return jcmd("GC.class_histogram")
          .lines()
          .filter(line -> line.matches("\\s*\\d+:\\s+\\d+\\s+\\d+\\s+.*"))
          .limit(classes)
          .toList();
    }

    long rss() throws IOException {
      Matcher rss =
          RSS.matcher(Files.readString(Path.of("/proc", Long.toString(process.pid()), "status")));
      return rss.find() ? Long.parseLong(rss.group(1)) * 1024 : -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
      Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
      Process jcmd =
          new ProcessBuilder(
                  java.resolveSibling("jcmd").toString(), Long.toString(process.pid()), command)
              .redirectErrorStream(true)
              .start();
      String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor();
      return output;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy(); // a clean stop: the H2 file is compacted on the way out
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
  }
}
