package io.faultline.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code faultline demo} and {@code faultline bench fault-loop} run end to end on a small fleet.
 */
class DemoCommandTest {
  /** Runs a command built after standard output is captured (commands print to it). */
  private static String run(java.util.function.Supplier<Object> command, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(command.get()).execute(args);
      assertThat(exit).as(captured.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theDemoShowsStatesBeforeAndAfterAndEveryStage() {
    String output = run(DemoCommand::new, "--hosts", "2", "--instances-per-host", "3");
    assertThat(output)
        .contains("compute-01   service up", "instances {active=3}", "ports (data plane) {none=3}")
        .contains("compute-01   service FORCED DOWN", "instances {stopped=3}", "{DOWN=3}")
        .contains("3 webhooks received by the VNF manager")
        .contains("T0", "T1", "T2", "T3", "T4", "T5", "T6", "T7 ")
        .contains("affected: 3 instances, 3 ports, 3 alarms")
        .contains("6 of 6 instances built")
        .doesNotContain("null");
    assertThat(output.lines().filter(line -> line.startsWith("  compute-02")))
        .allMatch(line -> line.contains("service up") && line.contains("{active=3}"));
  }

  @Test
  void theFaultLoopBenchRestoresTheHostBetweenRunsAndReportsPercentiles() {
    String output =
        run(
            FaultLoopBenchCommand::new,
            "--instances-per-host",
            "2",
            "--hosts",
            "1",
            "--runs",
            "3",
            "--warmup",
            "1");
    assertThat(output)
        .contains("fault-loop: 2 instances on the failed host")
        .contains("3 runs")
        .containsPattern("p50 \\d+\\.\\d+ ms  p90 \\d+\\.\\d+ ms  p99 \\d+\\.\\d+ ms  max")
        .contains("CPU per fault by thread group")
        .containsPattern("all threads +\\d+\\.\\d ms +\\d+\\.\\d us/instance");
  }
}
