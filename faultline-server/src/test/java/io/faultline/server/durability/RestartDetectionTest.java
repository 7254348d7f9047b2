package io.faultline.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Monitoring survives a restart. A real server knows two compute hosts, each with instances and
 * their ports; one of them is in maintenance. The server is killed with {@code kill -9}; neither
 * host's agent beats again; the server restarts with a short {@code monitor.start-grace}. The
 * silent host is fenced and forced down, its instances stopped and its ports' data plane DOWN, with
 * a fault and its timeline in {@code GET /v1/faults}; the host in maintenance is neither fenced nor
 * touched, and its report is recorded as ignored.
 */
class RestartDetectionTest {
  private static final String SILENT = "silent-1";
  private static final String RESTING = "resting-1";

  private Path root;

  @BeforeEach
  void createRoot() throws IOException {
    root = Files.createTempDirectory("faultline-restart");
  }

  @AfterEach
  void deleteRoot() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void aHostSilentThroughARestartIsForcedDownAndOneInMaintenanceIsNot() throws Exception {
    Path data = root.resolve("data");
    Path fenced = root.resolve("fenced.txt");
    Path fence = root.resolve("fence.sh");
    Files.writeString(fence, "#!/bin/sh\necho \"$1\" >> '" + fenced + "'\n");
    assertThat(fence.toFile().setExecutable(true)).isTrue();
    String inspector =
        "inspector:\n  fence-agent: command\n  fence-command: " + fence.toAbsolutePath() + "\n";

    List<String> silentInstances = new ArrayList<>();
    List<String> silentPorts = new ArrayList<>();
    String restingInstance;
    String restingPort;
    // The monitor runs at a relaxed pace while the fleet is built, so that nothing is reported
    // before the kill.
    try (ServerProcess first =
        ServerProcess.start(data, "restart-first", inspector + "monitor:\n  interval: PT60S\n")) {
      String admin = first.token();
      for (String host : List.of(SILENT, RESTING)) {
        first
            .send(
                "POST",
                "/v1/agents/heartbeat",
                admin,
                "{\"host\": \"" + host + "\", \"binary\": \"nova-compute\"}")
            .expect(200);
      }
      String network =
          first
              .send("POST", "/v2.0/networks", admin, "{\"network\": {\"name\": \"restart-net\"}}")
              .expect(201)
              .json()
              .at("/network/id")
              .asText();
      for (int i = 0; i < 2; i++) {
        String instance = server(first, admin, "vnf-" + i, SILENT, network);
        silentInstances.add(instance);
        silentPorts.add(port(first, admin, instance));
      }
      restingInstance = server(first, admin, "resting-vnf", RESTING, network);
      restingPort = port(first, admin, restingInstance);
      first
          .send(
              "PUT",
              "/v1/hosts/" + RESTING + "/maintenance",
              admin,
              "{\"maintenance\": true, \"reason\": \"firmware upgrade\"}")
          .expect(200);
      first.kill();
    }

    try (ServerProcess second =
        ServerProcess.start(
            data,
            "restart-second",
            inspector + "monitor:\n  interval: PT0.5S\n  start-grace: PT2S\n")) {
      String admin = second.token();
      JsonNode fault = awaitFault(second, admin, SILENT, "handled");
      assertThat(fault.get("monitor").asText()).isEqualTo("faultline-heartbeat");
      List<String> stages = new ArrayList<>();
      fault.get("timeline").forEach(stage -> stages.add(stage.get("stage").asText()));
      assertThat(stages).contains("T0", "T1", "T2", "T3");
      assertThat(texts(fault.at("/affected/instances")))
          .containsExactlyInAnyOrderElementsOf(silentInstances);
      assertThat(texts(fault.at("/affected/ports")))
          .containsExactlyInAnyOrderElementsOf(silentPorts);

      for (String instance : silentInstances) {
        assertThat(status(second, admin, instance)).isEqualTo("SHUTOFF");
      }
      for (String port : silentPorts) {
        assertThat(dataPlane(second, admin, port)).isEqualTo("DOWN");
      }
      assertThat(forcedDown(second, admin, SILENT)).isTrue();

      // The host in maintenance was reported too, and the report was recorded and ignored.
      JsonNode ignored = awaitFault(second, admin, RESTING, "ignored");
      assertThat(ignored.get("message").asText()).contains("maintenance");
      assertThat(status(second, admin, restingInstance)).isEqualTo("ACTIVE");
      assertThat(dataPlane(second, admin, restingPort)).isNotEqualTo("DOWN");
      assertThat(forcedDown(second, admin, RESTING)).isFalse();
      assertThat(Files.readAllLines(fenced)).containsExactly(SILENT);
      second.stop();
    }
  }

  private static String server(
      ServerProcess server, String token, String name, String host, String network)
      throws Exception {
    return server
        .send(
            "POST",
            "/v2.1/servers",
            token,
            """
            {"server": {"name": "%s", "flavorRef": "1", "imageRef": "cirros",
              "availability_zone": "nova:%s", "networks": [{"uuid": "%s"}]}}
            """
                .formatted(name, host, network))
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  private static String port(ServerProcess server, String token, String instance) throws Exception {
    JsonNode ports =
        server.send("GET", "/v2.0/ports?device_id=" + instance, token, null).expect(200).json();
    assertThat(ports.get("ports")).hasSize(1);
    return ports.at("/ports/0/id").asText();
  }

  private static String status(ServerProcess server, String token, String instance)
      throws Exception {
    return server
        .send("GET", "/v2.1/servers/" + instance, token, null)
        .expect(200)
        .json()
        .at("/server/status")
        .asText();
  }

  private static String dataPlane(ServerProcess server, String token, String port)
      throws Exception {
    return server
        .send("GET", "/v2.0/ports/" + port, token, null)
        .expect(200)
        .json()
        .at("/port/data_plane_status")
        .asText();
  }

  private static boolean forcedDown(ServerProcess server, String token, String host)
      throws Exception {
    JsonNode services =
        server
            .send(
                "GET",
                "/v2.1/os-services?host=" + host + "&binary=nova-compute",
                token,
                null,
                "OpenStack-API-Version",
                "compute 2.11")
            .expect(200)
            .json()
            .get("services");
    assertThat(services).hasSize(1);
    return services.get(0).get("forced_down").asBoolean();
  }

  /** Waits for the host's compute.host.down fault to reach the status. */
  private static JsonNode awaitFault(ServerProcess server, String token, String host, String status)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Optional<JsonNode> found = Optional.empty();
    while (System.nanoTime() < deadline) {
      found = Optional.empty();
      for (JsonNode fault :
          server.send("GET", "/v1/faults", token, null).expect(200).json().get("faults")) {
        if (fault.get("hostname").asText().equals(host)
            && fault.get("type").asText().equals("compute.host.down")) {
          found = Optional.of(fault);
          break;
        }
      }
      if (found.isPresent() && found.get().get("status").asText().equals(status)) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no compute.host.down fault on " + host + " reached " + status + "; last seen: " + found);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
