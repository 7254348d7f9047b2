package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.MutableClock;
import io.faultline.server.TestServer;
import io.faultline.server.config.MonitorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built-in monitor, fed by agent heartbeats over HTTP and driven by a fake clock. */
class MonitorScenarioTest {
  private static JsonNode awaitFault(TestServer server, String type, String host)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      for (JsonNode fault :
          server.http().get("/v1/faults", server.adminToken()).expect(200).json().get("faults")) {
        if (fault.get("type").asText().equals(type)
            && fault.get("hostname").asText().equals(host)
            && fault.get("status").asText().equals("handled")) {
          return fault;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no handled " + type + " fault for " + host);
  }

  /** {@code forced_down} as Nova shows it from microversion 2.11 on. */
  static boolean forcedDown(TestServer server, String host) {
    JsonNode service =
        server
            .http()
            .send(
                "GET",
                "/v2.1/os-services?host=" + host,
                server.adminToken(),
                null,
                java.util.Map.of("X-OpenStack-Nova-API-Version", "2.11"))
            .expect(200)
            .json()
            .at("/services/0");
    assertThat(service.has("forced_down")).as("forced_down in %s", service).isTrue();
    return service.get("forced_down").asBoolean();
  }

  @Test
  void missedBeatsForceTheHostDownAndTimelyBeatsBringItBack() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    var config =
        TestServer.testConfig()
            .withMonitor(new MonitorConfig(true, Duration.ofMillis(200), 3, 2, null));
    try (TestServer server = TestServer.start(config, clock)) {
      server.beat("mon-1");
      clock.advance(Duration.ofMillis(601)); // three beats missed
      JsonNode down = awaitFault(server, "compute.host.down", "mon-1");
      assertThat(down.get("monitor").asText()).isEqualTo("faultline-heartbeat");
      assertThat(forcedDown(server, "mon-1")).isTrue();

      server.beat("mon-1");
      clock.advance(Duration.ofMillis(200));
      server.beat("mon-1");
      awaitFault(server, "compute.host.up", "mon-1");
      assertThat(forcedDown(server, "mon-1")).isFalse();
    }
  }
}
