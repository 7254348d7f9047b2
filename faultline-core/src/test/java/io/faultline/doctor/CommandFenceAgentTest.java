package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.cause.FaultId;
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

  private static FenceRequest request(String host) {
    return new FenceRequest(new FaultId("fault-of-" + host), host);
  }

  @Test
  void exitZeroFencesAndTheHostIsPassed() throws IOException {
    Path log = directory.resolve("fenced");
    Path script = script("echo \"$1\" > " + log);
    FenceResult result =
        new CommandFenceAgent(script, Duration.ofSeconds(10)).fence(request("compute-7"));
    assertThat(result).isInstanceOf(FenceResult.Fenced.class);
    assertThat(Files.readString(log).strip()).isEqualTo("compute-7");
  }

  @Test
  void theCommandSeesTheFaultIdAndTheHostInItsEnvironment() throws IOException {
    Path log = directory.resolve("environment");
    Path script = script("echo \"$FAULTLINE_FAULT_ID $FAULTLINE_FENCE_HOST $1\" > " + log);
    FaultId fault = FaultId.random();
    FenceResult result =
        new CommandFenceAgent(script, Duration.ofSeconds(10))
            .fence(new FenceRequest(fault, "compute-7"));
    assertThat(result).isInstanceOf(FenceResult.Fenced.class);
    assertThat(Files.readString(log).strip()).isEqualTo(fault.value() + " compute-7 compute-7");
  }

  @Test
  void theHostToFenceIsNotPutInTheServersBindAddressVariable() throws IOException {
    Path log = directory.resolve("bind-address");
    Path script = script("echo \"${FAULTLINE_HOST-unset}\" > " + log);
    FenceResult result =
        new CommandFenceAgent(script, Duration.ofSeconds(10)).fence(request("compute-7"));
    assertThat(result).isInstanceOf(FenceResult.Fenced.class);
    assertThat(Files.readString(log).strip()).isNotEqualTo("compute-7");
  }

  @Test
  void aNonZeroExitIsAFailureWithItsOutput() throws IOException {
    Path script = script("echo 'BMC unreachable'; exit 3");
    FenceResult result = new CommandFenceAgent(script, Duration.ofSeconds(10)).fence(request("h"));
    assertThat(result)
        .isInstanceOfSatisfying(
            FenceResult.Failed.class,
            failed ->
                assertThat(failed.reason()).contains("exited with 3").contains("BMC unreachable"));
  }

  @Test
  void aCommandThatHangsTimesOut() throws IOException {
    Path script = script("sleep 30");
    FenceResult result = new CommandFenceAgent(script, Duration.ofMillis(200)).fence(request("h"));
    assertThat(result)
        .isInstanceOfSatisfying(
            FenceResult.Failed.class,
            failed -> assertThat(failed.reason()).contains("did not finish"));
  }

  @Test
  void aMissingCommandIsAFailure() {
    FenceResult result =
        new CommandFenceAgent(directory.resolve("absent"), Duration.ofSeconds(1))
            .fence(request("h"));
    assertThat(result).isInstanceOf(FenceResult.Failed.class);
  }
}
