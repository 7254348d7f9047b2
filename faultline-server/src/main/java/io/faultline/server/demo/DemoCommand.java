package io.faultline.server.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faultline demo}: the Doctor loop end to end on this machine, in one command. */
@Command(
    name = "demo",
    description =
        "Start an embedded Faultline with a fleet, fail a host, and show what happened and how long"
            + " each stage took.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--hosts", defaultValue = "10", description = "Compute hosts (default 10).")
  int hosts;

  @Option(
      names = "--instances-per-host",
      defaultValue = "50",
      description = "Instances per host, each with a port and an alarm (default 50).")
  int instancesPerHost;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (hosts < 2 || instancesPerHost < 1) {
      System.err.println("faultline demo: needs at least 2 hosts and 1 instance per host");
      return 2;
    }
    quietLogs();
    try (TemporaryDirectory data = new TemporaryDirectory("faultline-demo");
        FaultLoopScenario scenario =
            FaultLoopScenario.start(data.h2Url(), hosts, instancesPerHost, out)) {
      run(scenario);
    }
    return 0;
  }

  private void run(FaultLoopScenario scenario) throws Exception {
    String failed = scenario.hosts().get(0);
    String bystander = scenario.hosts().get(1);
    out.printf("Faultline is serving on %s (embedded H2, in-process bus)%n%n", scenario.baseUrl());
    out.println("Before the fault:");
    printState(scenario.state(failed));
    printState(scenario.state(bystander));

    out.printf(
        "%nA monitor reports %s down (PUT /v1/events, the Doctor sample monitor's format)...%n",
        failed);
    FaultLoopScenario.Outcome outcome = scenario.failHost(failed, Duration.ofSeconds(60));
    out.printf(
        "%d webhooks received by the VNF manager, the last %.1f ms after the report.%n%n",
        outcome.webhooks(), outcome.reportToLastWebhookNanos() / 1e6);

    out.println("After the fault:");
    printState(scenario.state(failed));
    printState(scenario.state(bystander));

    JsonNode fault = outcome.fault();
    out.printf(
        "%nFault %s (%s, %s): GET %s/v1/faults/%s%n",
        fault.get("id").asText(),
        fault.get("type").asText(),
        fault.get("status").asText(),
        scenario.baseUrl(),
        fault.get("id").asText());
    out.printf("  %-4s %-26s %12s %12s%n", "", "stage", "ms since T0", "ms since prev");
    for (JsonNode stage : fault.get("timeline")) {
      out.printf(
          "  %-4s %-26s %12s %12s%n",
          stage.get("stage").asText(),
          stage.get("name").asText(),
          millis(stage.get("ms_since_detected")),
          millis(stage.get("ms_since_previous")));
    }
    out.printf(
        "  affected: %d instances, %d ports, %d alarms%n",
        fault.at("/affected/instances").size(),
        fault.at("/affected/ports").size(),
        fault.at("/affected/alarms").size());
    out.println(
        "\nStages from T3 on are the last of many (one per transaction, alarm or webhook)."
            + "\nOPNFV Doctor's requirement is under 1 s; its sample inspector took 584 ms for 50 VMs.");
  }

  /** The demo tells its own story; the server's request log would drown it. */
  private static void quietLogs() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
  }

  private void printState(FaultLoopScenario.HostState state) {
    out.printf(
        "  %-12s service %-11s instances %-28s ports (data plane) %s%n",
        state.host(),
        state.forcedDown() ? "FORCED DOWN" : "up",
        state.instancesByState(),
        state.portsByDataPlane());
  }

  private static String millis(JsonNode value) {
    return value == null || value.isNull() ? "" : "%.2f".formatted(value.asDouble());
  }
}
