package io.faultline.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline bench fault-loop}: raw fault → every consumer's webhook received, repeated on
 * one host (restored between runs, untimed), reported as percentiles.
 */
@Command(
    name = "fault-loop",
    description =
        "Measure the fault loop end to end: from a raw host-down fault to every consumer's"
            + " webhook received, over an embedded fleet.")
public final class FaultLoopBenchCommand implements Callable<Integer> {
  @Option(names = "--instances-per-host", defaultValue = "50")
  int instancesPerHost;

  @Option(names = "--hosts", defaultValue = "2", description = "Hosts in the fleet (default 2).")
  int hosts;

  @Option(names = "--runs", defaultValue = "30", description = "Measured runs (default 30).")
  int runs;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Unmeasured runs first (default 5).")
  int warmup;

  @Option(
      names = "--settle-ms",
      defaultValue = "300",
      description =
          "Untimed pause after each restore, so the next fault meets an idle server (default"
              + " 300; 0 for back-to-back faults).")
  long settleMillis;

  @Option(
      names = "--db-url",
      description = "JDBC URL (default: a durable H2 file in a temporary directory).")
  String databaseUrl;

  @Option(
      names = "--python-consumer",
      description =
          "Consumer on Python's stock http.server.ThreadingHTTPServer (default backlog), as"
              + " OPNFV Doctor's sample consumer, instead of an in-process receiver.")
  boolean pythonConsumer;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmup < 0 || instancesPerHost < 1 || hosts < 1 || settleMillis < 0) {
      System.err.println(
          "faultline bench fault-loop: runs, hosts and instances must be positive, settle-ms not"
              + " negative");
      return 2;
    }
    try (TemporaryDirectory data = new TemporaryDirectory("faultline-bench")) {
      String url = databaseUrl != null ? databaseUrl : data.h2Url();
      measure(url);
    }
    return 0;
  }

  private void measure(String url) throws Exception {
    try (FaultLoopScenario scenario =
        FaultLoopScenario.start(url, hosts, instancesPerHost, out, pythonConsumer)) {
      String host = scenario.hosts().get(0);
      List<Double> cpuMillis = new ArrayList<>();
      Map<String, Double> threadCpuPerFault = new TreeMap<>();
      List<Run> measured = new ArrayList<>();
      for (int run = 0; run < warmup + runs; run++) {
        FaultLoopScenario.Outcome outcome = scenario.failHost(host, Duration.ofSeconds(60));
        if (run >= warmup) {
          cpuMillis.add(outcome.processCpuNanos() / 1e6);
          outcome
              .threadCpuMillis()
              .forEach((group, ms) -> threadCpuPerFault.merge(group, ms / runs, Double::sum));
          measured.add(
              new Run(
                  outcome.reportToLastWebhookNanos() / 1e6,
                  outcome.collectorPauses(),
                  timeline(outcome.fault())));
        }
        scenario.restoreHost(host);
        // Not timed: the restore's own tail (its outbox clean-up, the fault record's write-behind
        // saves, the reset instances' notifications) finishes before the next fault, so a run
        // times one fault on an otherwise idle server rather than the previous run's leftovers.
        Thread.sleep(settleMillis);
      }
      report(measured.stream().map(Run::millis).toList(), url);
      // Linux counts a process's CPU time in clock ticks of 10 ms: the mean over the runs says more
      // than any one run.
      List<Double> cpu = cpuMillis.stream().sorted().toList();
      out.printf(
          "process CPU from report to last webhook (server, bench client, consumer): mean %.1f ms"
              + "  min %.1f ms  max %.1f ms, on %d cores%n",
          cpu.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
          cpu.get(0),
          cpu.get(cpu.size() - 1),
          Runtime.getRuntime().availableProcessors());
      out.print(
          "CPU per fault by thread group, mean over the runs (per-thread clocks; JIT and GC not"
              + " counted):\n"
              + ThreadCpu.report(threadCpuPerFault, instancesPerHost, "instance"));
      out.printf(
          "consumer: %s; webhooks received again with a delivery id already seen (retries): %d%n",
          pythonConsumer ? "Python http.server.ThreadingHTTPServer" : "in-process Jetty server",
          scenario.repeatedWebhooks());
      out.println("median ms since T0 per stage (server clock; T0 is the report's time):");
      Map<String, List<Double>> stages = new TreeMap<>();
      measured.forEach(
          run ->
              run.stages()
                  .forEach(
                      (stage, ms) ->
                          stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(ms)));
      stages.forEach((stage, values) -> out.printf("  %-28s %8.2f%n", stage, median(values)));
      // An outlier is explained by the stage that grew, not by the medians.
      Run slowest = measured.stream().max(Comparator.comparingDouble(Run::millis)).orElseThrow();
      out.printf("slowest run (%.2f ms), ms since T0 per stage:%n", slowest.millis());
      slowest.stages().forEach((stage, ms) -> out.printf("  %-28s %8.2f%n", stage, ms));
      reportTail(measured);
    }
  }

  /** One measured run: its latency, the collector's pauses in it, and ms since T0 per stage. */
  private record Run(double millis, CollectorPauses pauses, Map<String, Double> stages) {}

  private static Map<String, Double> timeline(JsonNode fault) {
    Map<String, Double> stages = new TreeMap<>();
    for (JsonNode stage : fault.get("timeline")) {
      stages.put(
          stage.get("stage").asText() + " " + stage.get("name").asText(),
          stage.get("ms_since_detected").asDouble());
    }
    return stages;
  }

  /**
   * What makes the tail: the runs that a collector pause landed in against the others, and which
   * step between stages grew in the slowest tenth of the runs against all of them.
   */
  private void reportTail(List<Run> runs) {
    List<Run> paused = runs.stream().filter(run -> run.pauses().count() > 0).toList();
    List<Run> unpaused = runs.stream().filter(run -> run.pauses().count() == 0).toList();
    out.printf(
        "collector pauses inside a run: %d of %d runs, %d ms in all%n",
        paused.size(), runs.size(), paused.stream().mapToLong(run -> run.pauses().millis()).sum());
    for (var group : List.of(Map.entry("with a pause", paused), Map.entry("without", unpaused))) {
      if (!group.getValue().isEmpty()) {
        List<Double> sorted = group.getValue().stream().map(Run::millis).sorted().toList();
        out.printf(
            "  runs %-13s p50 %.2f ms  p90 %.2f ms  max %.2f ms%n",
            group.getKey(),
            percentile(sorted, 50),
            percentile(sorted, 90),
            sorted.get(sorted.size() - 1));
      }
    }
    List<Run> slowestTenth =
        runs.stream()
            .sorted(Comparator.comparingDouble(Run::millis).reversed())
            .limit(Math.max(1, runs.size() / 10))
            .toList();
    out.printf(
        "median ms per step, all %d runs against the slowest %d:%n",
        runs.size(), slowestTenth.size());
    Map<String, List<Double>> all = steps(runs);
    Map<String, List<Double>> slow = steps(slowestTenth);
    all.forEach(
        (step, values) ->
            out.printf(
                "  %-56s %8.2f %8.2f%n",
                step, median(values), median(slow.getOrDefault(step, List.of()))));
  }

  /** Per run, the time from each stage to the next, keyed "from → to". */
  private static Map<String, List<Double>> steps(List<Run> runs) {
    Map<String, List<Double>> steps = new LinkedHashMap<>();
    for (Run run : runs) {
      String previous = null;
      double previousMs = 0;
      for (var stage : run.stages().entrySet()) {
        if (previous != null) {
          steps
              .computeIfAbsent(previous + " -> " + stage.getKey(), k -> new ArrayList<>())
              .add(stage.getValue() - previousMs);
        }
        previous = stage.getKey();
        previousMs = stage.getValue();
      }
    }
    return steps;
  }

  private void report(List<Double> millis, String url) {
    List<Double> sorted = millis.stream().sorted().toList();
    out.printf(
        "fault-loop: %d instances on the failed host (each with a port and an alarm), %d runs, store %s%n",
        instancesPerHost,
        sorted.size(),
        url.startsWith("jdbc:postgresql") ? "PostgreSQL" : "H2 file");
    out.printf(
        "raw fault -> last webhook received: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1));
  }

  /** The median of unsorted values; NaN when there are none. */
  private static double median(List<Double> values) {
    return values.isEmpty() ? Double.NaN : percentile(values.stream().sorted().toList(), 50);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
