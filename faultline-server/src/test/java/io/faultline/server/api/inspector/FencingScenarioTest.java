package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.config.InspectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configured fence command decides whether a failed host may be forced down. */
class FencingScenarioTest {
  @TempDir Path directory;

  private TestServer serverFencingWith(String script) throws IOException {
    Path command = directory.resolve("fence");
    Files.writeString(command, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwx------"));
    return TestServer.start(
        TestServer.testConfig()
            .withInspector(
                new InspectorConfig("command", command.toString(), Duration.ofSeconds(5), true)),
        InstantSource.system());
  }

  private static JsonNode report(TestServer server, String host) throws InterruptedException {
    server.beat(host);
    String id =
        server
            .http()
            .put(
                "/v1/events",
                server.adminToken(),
                "[{\"time\": \"2026-11-25T08:00:00\", \"type\": \"compute.host.down\","
                    + " \"details\": {\"hostname\": \""
                    + host
                    + "\"}}]")
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    return FaultWaits.awaitFinished(server, id);
  }

  @Test
  void aFailedFenceLeavesTheHostUpAndTheFaultUnfenced() throws Exception {
    try (TestServer server = serverFencingWith("echo 'BMC unreachable' >&2; exit 1")) {
      JsonNode fault = report(server, "fence-1");
      assertThat(fault.get("status").asText()).isEqualTo("unfenced");
      assertThat(fault.get("message").asText()).contains("BMC unreachable");
      assertThat(MonitorScenarioTest.forcedDown(server, "fence-1")).isFalse();
    }
  }

  @Test
  void aSuccessfulFenceIsStampedAndTheHostForcedDown() throws Exception {
    Path fenced = directory.resolve("fenced-hosts");
    try (TestServer server = serverFencingWith("echo \"$1\" >> " + fenced)) {
      JsonNode fault = report(server, "fence-2");
      assertThat(fault.get("status").asText()).isEqualTo("handled");
      assertThat(fault.at("/timeline/2/name").asText()).isEqualTo("fenced");
      assertThat(Files.readString(fenced).strip()).isEqualTo("fence-2");
      assertThat(MonitorScenarioTest.forcedDown(server, "fence-2")).isTrue();
    }
  }
}
