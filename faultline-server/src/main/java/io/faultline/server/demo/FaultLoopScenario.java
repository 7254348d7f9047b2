package io.faultline.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import io.faultline.server.Faultline;
import io.faultline.server.config.ComputeConfig;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.IdentityConfig;
import io.faultline.server.config.MonitorConfig;
import io.faultline.server.config.ServerConfig;
import io.faultline.server.config.StoreConfig;
import io.faultline.server.logging.AccessLog;
import io.faultline.server.wiring.ServerContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small cloud on one machine, driven through the public APIs only: an embedded Faultline, a fleet
 * of compute hosts with instances and bound ports, one event alarm per instance whose action is a
 * VNF manager's webhook on loopback, and raw faults sent in the Doctor sample monitor's format.
 * Shared by {@code faultline demo} and {@code faultline bench fault-loop}.
 */
public final class FaultLoopScenario implements AutoCloseable {
  /** The admin password of the embedded server, for drivers that call its APIs beside it. */
  public static final String PASSWORD = "demo-admin";

  private static final int SETUP_THREADS = 4;

  private final Faultline faultline;
  private final ConsumerReceiver consumer;
  private final ApiClient api;
  private final int instancesPerHost;
  private final List<String> hosts = new ArrayList<>();

  /** What one host looks like: its service and how many instances and ports are in which state. */
  public record HostState(
      String host,
      boolean forcedDown,
      Map<String, Integer> instancesByState,
      Map<String, Integer> portsByDataPlane) {}

  /**
   * One fault, from the raw report to the last consumer's webhook: its latency, and the CPU the
   * whole process (server, bench client and consumer) spent from the report to the last webhook's
   * arrival, which on a machine of few cores is what the latency is made of; also that CPU per
   * group of threads ({@link ThreadCpu}), milliseconds by group; and the collector's pauses in that
   * window ({@link CollectorPauses}).
   */
  public record Outcome(
      String faultId,
      long reportToLastWebhookNanos,
      long processCpuNanos,
      Map<String, Double> threadCpuMillis,
      CollectorPauses collectorPauses,
      int webhooks,
      JsonNode fault) {}

  private static final OperatingSystemMXBean PROCESS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private FaultLoopScenario(Faultline faultline, ConsumerReceiver consumer, int instancesPerHost) {
    this.faultline = faultline;
    this.consumer = consumer;
    this.api = new ApiClient(faultline.baseUrl());
    this.instancesPerHost = instancesPerHost;
  }

  /**
   * Starts Faultline on a loopback port with an H2 database at {@code databaseUrl} (durable file or
   * in memory), the built-in monitor off (faults are injected), and capacity for the fleet.
   */
  public static FaultLoopScenario start(
      String databaseUrl, int hostCount, int instancesPerHost, PrintStream progress) {
    return start(databaseUrl, hostCount, instancesPerHost, progress, false);
  }

  /**
   * As {@link #start(String, int, int, PrintStream)}; with {@code pythonConsumer}, the consumer is
   * Python's stock {@code http.server.ThreadingHTTPServer} in a child process (as Doctor's sample
   * consumer) instead of an in-process receiver.
   */
  public static FaultLoopScenario start(
      String databaseUrl,
      int hostCount,
      int instancesPerHost,
      PrintStream progress,
      boolean pythonConsumer) {
    FaultlineConfig config =
        FaultlineConfig.defaults()
            .withServer(new ServerConfig("127.0.0.1", 0, null, 16L * 1024 * 1024))
            .withStore(new StoreConfig(null, databaseUrl, null, null, 16))
            .withIdentity(new IdentityConfig(PASSWORD, null, 4, null))
            // Hosts beat once, by hand: they must stay up however long a large fleet takes to
            // build.
            .withCompute(
                new ComputeConfig(
                    Duration.ofHours(1),
                    null,
                    null,
                    instancesPerHost * 2,
                    instancesPerHost * 4096L))
            .withMonitor(new MonitorConfig(false, null, null, null, null));
    // The scenario prints its own progress; the embedded server's request lines would bury it.
    AccessLog.silence();
    Faultline faultline = Faultline.start(config, InstantSource.system());
    try {
      FaultLoopScenario scenario =
          new FaultLoopScenario(
              faultline,
              pythonConsumer ? ConsumerReceiver.python() : new ConsumerReceiver(),
              instancesPerHost);
      scenario.build(hostCount, progress);
      return scenario;
    } catch (IOException e) {
      faultline.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      faultline.close();
      throw e;
    }
  }

  private void build(int hostCount, PrintStream progress) {
    api.login("admin", PASSWORD, "admin");
    // The fleet lives in one project: lift Nova's default quota (10 instances) for it.
    api.put(
        "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"instances\": -1, \"cores\": -1, \"ram\": -1}}",
        200);
    String network =
        api.post("/v2.0/networks", "{\"network\": {\"name\": \"vnf-net\"}}", 201)
            .at("/network/id")
            .asText();
    for (int i = 1; i <= hostCount; i++) {
      String host = "compute-%02d".formatted(i);
      api.post("/v1/agents/heartbeat", "{\"host\": \"" + host + "\"}", 200);
      hosts.add(host);
    }
    progress.printf(
        "Building the fleet: %d hosts × %d instances, each with a bound port and an event alarm%n",
        hostCount, instancesPerHost);
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (String host : hosts) {
        for (int n = 0; n < instancesPerHost; n++) {
          String name = host + "-vnf-" + n;
          work.add(pool.submit(() -> instance(api, host, name, network, consumer.url())));
        }
      }
      int built = 0;
      int step = Math.max(1, work.size() / 10);
      for (Future<?> future : work) {
        future.get();
        built++;
        if (built % step == 0 || built == work.size()) {
          progress.printf("  %d of %d instances built%n", built, work.size());
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("building the fleet failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One instance on {@code host} with a bound port and an event alarm calling {@code webhook}. */
  static void instance(ApiClient api, String host, String name, String network, String webhook) {
    String id =
        api.post(
                "/v2.1/servers",
                "{\"server\": {\"name\": \""
                    + name
                    + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\","
                    + " \"availability_zone\": \"nova:"
                    + host
                    + "\"}}",
                202)
            .at("/server/id")
            .asText();
    api.post(
        "/v2.0/ports",
        "{\"port\": {\"network_id\": \""
            + network
            + "\", \"device_id\": \""
            + id
            + "\", \"device_owner\": \"compute:nova\", \"binding:host_id\": \""
            + host
            + "\"}}",
        201);
    // repeat_actions: the alarm fires on every failure of its instance, run after run.
    api.post(
        "/v2/alarms",
        """
        {"name": "%s-down", "type": "event", "repeat_actions": true, "severity": "critical",
         "alarm_actions": ["%s"],
         "event_rule": {"event_type": "compute.instance.update",
           "query": [{"field": "traits.instance_id", "op": "eq", "type": "string", "value": "%s"},
                     {"field": "traits.state", "op": "eq", "type": "string", "value": "stopped"}]}}
        """
            .formatted(name, webhook, id),
        201);
  }

  public List<String> hosts() {
    return List.copyOf(hosts);
  }

  public String baseUrl() {
    return faultline.baseUrl();
  }

  /** The embedded server's parts, for benchmarks that look at its store. */
  public ServerContext context() {
    return faultline.context();
  }

  public HostState state(String host) {
    Map<String, Integer> instances = new TreeMap<>();
    for (JsonNode server :
        api.get("/v2.1/servers/detail?all_tenants=1&host=" + host).get("servers")) {
      instances.merge(server.get("OS-EXT-STS:vm_state").asText(), 1, Integer::sum);
    }
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode port : api.get("/v2.0/ports?binding:host_id=" + host).get("ports")) {
      JsonNode status = port.get("data_plane_status");
      ports.merge(status == null || status.isNull() ? "none" : status.asText(), 1, Integer::sum);
    }
    boolean forcedDown =
        api.get("/v2.1/os-services?host=" + host).at("/services/0/forced_down").asBoolean();
    return new HostState(host, forcedDown, instances, ports);
  }

  /**
   * Reports the host down as the Doctor sample monitor would; returns once every consumer knows.
   */
  public Outcome failHost(String host, Duration timeout)
      throws InterruptedException, TimeoutException {
    Instant detected = Instant.now();
    ThreadCpu threadsStart = ThreadCpu.snapshot(); // before the process's clock: not counted
    CollectorPauses pausesStart = CollectorPauses.snapshot();
    long cpuStart = PROCESS.getProcessCpuTime();
    long start = System.nanoTime();
    String report =
        """
        [{"id": "%s", "time": "%s", "type": "compute.host.down",
          "details": {"hostname": "%s", "status": "down", "monitor": "faultline-demo",
                      "monitor_event_id": "%s"}}]
        """
            .formatted(UUID.randomUUID(), detected, host, UUID.randomUUID());
    String faultId = api.put("/v1/events", report, 202).at("/faults/0/fault_id").asText();
    ConsumerReceiver.Arrivals arrivals = consumer.arrivals(faultId);
    long deadline = start + timeout.toNanos();
    if (!arrivals.await(instancesPerHost, deadline)) {
      throw new TimeoutException(
          arrivals.count.get() + " of " + instancesPerHost + " webhooks within " + timeout);
    }
    long cpu = PROCESS.getProcessCpuTime() - cpuStart;
    Map<String, Double> threads = ThreadCpu.snapshot().since(threadsStart);
    CollectorPauses pauses = CollectorPauses.snapshot().since(pausesStart);
    long latency = arrivals.lastNanos - start;
    return new Outcome(
        faultId, latency, cpu, threads, pauses, arrivals.count.get(), settledFault(faultId));
  }

  /** Webhooks the consumer received again with a delivery id it had already seen (retries). */
  public int repeatedWebhooks() {
    return consumer.repeated();
  }

  /** The fault once its timeline has settled (the last acknowledgement follows the last send). */
  private JsonNode settledFault(String faultId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    JsonNode fault;
    do {
      fault = api.get("/v1/faults/" + faultId).get("fault");
      JsonNode timeline = fault.get("timeline");
      if (timeline.size() == 8
          && timeline.get(7).get("at").asText().compareTo(timeline.get(6).get("at").asText())
              >= 0) {
        return fault;
      }
      Thread.sleep(5);
    } while (System.nanoTime() < deadline);
    return fault;
  }

  /** Brings the host back: reported up, its instances reset to active (not timed). */
  public void restoreHost(String host) throws InterruptedException {
    String report =
        """
        [{"time": "%s", "type": "compute.host.up",
          "details": {"hostname": "%s", "status": "up", "monitor": "faultline-demo"}}]
        """
            .formatted(Instant.now(), host);
    String faultId = api.put("/v1/events", report, 202).at("/faults/0/fault_id").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!api.get("/v1/faults/" + faultId).at("/fault/status").asText().equals("handled")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("host " + host + " was not restored");
      }
      Thread.sleep(2);
    }
    for (JsonNode server : api.get("/v2.1/servers?all_tenants=1&host=" + host).get("servers")) {
      api.post(
          "/v2.1/servers/" + server.get("id").asText() + "/action",
          "{\"os-resetState\": {\"state\": \"active\"}}",
          202);
    }
  }

  @Override
  public void close() {
    consumer.close();
    faultline.close();
  }
}
