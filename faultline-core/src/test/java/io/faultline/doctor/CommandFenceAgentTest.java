package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandFenceAgentTest {
  @TempDir Path directory;

  private Path script(String body) throws IOException {
    Path script = directory.resolve("fence.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void exitZeroFencesAndTheHostIsPassed() throws IOException {
    Path log = directory.resolve("fenced");
    Path script = script("echo \"$1\" > " + log);
    FenceResult result = new CommandFenceAgent(script, Duration.ofSeconds(10)).fence("compute-7");
    assertThat(result).isInstanceOf(FenceResult.Fenced.class);
    assertThat(Files.readString(log).strip()).isEqualTo("compute-7");
  }

  @Test
  void aNonZeroExitIsAFailureWithItsOutput() throws IOException {
    Path script = script("echo 'BMC unreachable'; exit 3");
    FenceResult result = new CommandFenceAgent(script, Duration.ofSeconds(10)).fence("h");
    assertThat(result)
        .isInstanceOfSatisfying(
            FenceResult.Failed.class,
            failed ->
                assertThat(failed.reason()).contains("exited with 3").contains("BMC unreachable"));
  }

  @Test
  void aCommandThatHangsTimesOut() throws IOException {
    Path script = script("sleep 30");
    FenceResult result = new CommandFenceAgent(script, Duration.ofMillis(200)).fence("h");
    assertThat(result)
        .isInstanceOfSatisfying(
            FenceResult.Failed.class,
            failed -> assertThat(failed.reason()).contains("did not finish"));
  }

  @Test
  void aMissingCommandIsAFailure() {
    FenceResult result =
        new CommandFenceAgent(directory.resolve("absent"), Duration.ofSeconds(1)).fence("h");
    assertThat(result).isInstanceOf(FenceResult.Failed.class);
  }
}
