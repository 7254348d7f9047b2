package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/fence-once, the wrapper that gives any fence command "once per fault id": run as Faultline
 * runs a fence command, with the fault id and the host in the environment.
 */
class FenceOnceTest {
  private static final Path WRAPPER = Path.of("..", "deploy", "fence-once").toAbsolutePath();

  @TempDir Path directory;

  /** The inner fence command: appends the fault id, the host and its argument to a log. */
  private Path inner(int exitStatus) throws IOException {
    Path script = directory.resolve("power-off-" + exitStatus);
    Files.writeString(
        script,
        "#!/bin/sh\necho \"$FAULTLINE_FAULT_ID $FAULTLINE_FENCE_HOST $1\" >> %s\nexit %d\n"
            .formatted(directory.resolve("ran.log"), exitStatus));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private int fence(String faultId, String host, Path inner) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(WRAPPER.toString(), inner.toString(), host)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("wrapper.out").toFile());
    builder.environment().put("FAULTLINE_FAULT_ID", faultId);
    builder.environment().put("FAULTLINE_FENCE_HOST", host);
    builder.environment().put("FENCE_ONCE_DIR", directory.resolve("state").toString());
    builder.environment().put("FENCE_ONCE_WAIT", "2");
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the wrapper ends").isTrue();
    return process.exitValue();
  }

  private List<String> ran() throws IOException {
    Path log = directory.resolve("ran.log");
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  @Test
  void aRepeatOfAFaultIdIsDoneWithoutRunningTheCommandAgain() throws Exception {
    Path powerOff = inner(0);

    assertThat(fence("fault-1", "compute-7", powerOff)).isZero();
    assertThat(fence("fault-1", "compute-7", powerOff)).isZero();

    assertThat(ran()).containsExactly("fault-1 compute-7 compute-7");
  }

  @Test
  void anotherFaultIdRunsTheCommand() throws Exception {
    Path powerOff = inner(0);

    assertThat(fence("fault-1", "compute-7", powerOff)).isZero();
    assertThat(fence("fault-2", "compute-7", powerOff)).isZero();

    assertThat(ran()).containsExactly("fault-1 compute-7 compute-7", "fault-2 compute-7 compute-7");
  }

  @Test
  void aFailedRunLeavesNoMarkSoTheNextAttemptRunsAgain() throws Exception {
    assertThat(fence("fault-1", "compute-7", inner(3))).isEqualTo(3);
    assertThat(fence("fault-1", "compute-7", inner(0))).isZero();
    assertThat(fence("fault-1", "compute-7", inner(0))).isZero();

    assertThat(ran()).hasSize(2);
  }

  @Test
  void anAttemptWhoseNodeDiedMidwayIsRunAgainAfterTheWait() throws Exception {
    // What a node killed while its fence command ran leaves: a marker with no outcome.
    Files.createDirectories(directory.resolve("state").resolve("fault-1"));

    assertThat(fence("fault-1", "compute-7", inner(0))).isZero();

    assertThat(ran()).containsExactly("fault-1 compute-7 compute-7");
  }

  @Test
  void aMissingFaultIdIsRefusedWithoutRunningTheCommand() throws Exception {
    assertThat(fence("../escape", "compute-7", inner(0))).isEqualTo(2);
    assertThat(ran()).isEmpty();
  }
}
