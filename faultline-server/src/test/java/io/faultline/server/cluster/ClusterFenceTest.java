package io.faultline.server.cluster;

import static io.faultline.server.cluster.ClusterHosts.reportDown;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.ServerProcess;
import io.faultline.server.TestServer;
import io.faultline.server.bus.Broker;
import io.faultline.server.cluster.ClusterHosts.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No host is fenced twice for one fault without the fence command being able to tell: two {@code
 * faultline serve} processes on the machine's PostgreSQL and RabbitMQ, each fencing with a command
 * of its own that logs the host and {@code FAULTLINE_FAULT_ID} it was run with. A node that dies
 * after its fence ran but before the fenced stage is stored leaves the survivor to fence again with
 * the same fault id, the repeat shown in the fault's record; a node paused past its lease while it
 * fences (a zombie) cannot write the fault the survivor adopted once it resumes.
 */
class ClusterFenceTest {
  private Path directory;
  private Path fenceLog;
  private Broker broker;
  private final List<ServerProcess> nodes = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    directory = Files.createTempDirectory("faultline-cluster-fence");
    fenceLog = directory.resolve("fenced.log");
    Files.createFile(fenceLog);
    broker = new Broker();
  }

  @AfterEach
  void tearDown() throws Exception {
    nodes.forEach(ServerProcess::close);
    broker.close();
  }

  /**
   * The node's machine dies with its fence command done (the host is off) but still running, so the
   * fenced stage never reaches the store: the survivor adopts the fault and fences again, with the
   * same fault id, and says so in the fault's record.
   */
  @Test
  void aNodeKilledAfterItsFenceRanIsFencedAgainWithTheSameFaultId() throws Exception {
    String storeUrl = TestServer.postgresSchemaUrl();
    // The first node's command fences, then hangs until the test lets it go: its node dies there.
    ServerProcess dying =
        node(
            "dying",
            storeUrl,
            """
            echo "dying fenced $FAULTLINE_FENCE_HOST $FAULTLINE_FAULT_ID" >> %1$s
            while [ -e %2$s/hold ]; do sleep 0.05; done
            """);
    ServerProcess survivor =
        node(
            "survivor",
            storeUrl,
            "echo \"survivor fenced $FAULTLINE_FENCE_HOST $FAULTLINE_FAULT_ID\" >> %1$s");
    String token = survivor.token();
    Host host = host(survivor, token, "fence-kill-host");
    Files.createFile(directory.resolve("hold"));

    String faultId = reportDown(dying, token, host.name());
    await(
        () -> lines().contains("dying fenced " + host.name() + " " + faultId),
        "the dying node's fence command ran");
    dying.killWithChildren();
    Files.delete(directory.resolve("hold"));

    await(() -> status(survivor, token, faultId).equals("handled"), "the survivor handled it");
    assertThat(lines())
        .as("both fences carried the one fault's id")
        .containsExactly(
            "dying fenced " + host.name() + " " + faultId,
            "survivor fenced " + host.name() + " " + faultId);
    assertThat(faultsOf(survivor, token, host.name())).as("one fault for the host").hasSize(1);
    JsonNode fault = fault(survivor, token, faultId);
    JsonNode attempts = fault.get("fence_attempts");
    assertThat(attempts).as("fence attempts: %s", attempts).hasSize(2);
    assertThat(attempts.get(0).get("repeat").asBoolean()).isFalse();
    assertThat(attempts.get(1).get("repeat").asBoolean()).isTrue();
    assertThat(attempts.get(1).get("note").asText()).contains("same fault id");
    assertThat(attempts.get(1).get("node").asText())
        .as("the survivor fenced again")
        .isNotEqualTo(attempts.get(0).get("node").asText());
    assertStoppedAndDown(survivor, token, host);
  }

  /**
   * A node paused (SIGSTOP) while its fence command runs loses its lease; the other node adopts the
   * fault, fences with the same fault id and handles it. When the paused node resumes and its fence
   * command ends, its write of the fault is refused and it drops the fault: the record stays the
   * adopter's.
   */
  @Test
  void aNodePausedPastItsLeaseCannotWriteTheFaultTheOtherNodeAdopted() throws Exception {
    String storeUrl = TestServer.postgresSchemaUrl();
    ServerProcess zombie =
        node(
            "zombie",
            storeUrl,
            """
            echo "zombie start $FAULTLINE_FENCE_HOST $FAULTLINE_FAULT_ID" >> %1$s
            while [ ! -e %2$s/release ]; do sleep 0.05; done
            echo "zombie fenced $FAULTLINE_FENCE_HOST $FAULTLINE_FAULT_ID" >> %1$s
            """);
    ServerProcess adopter =
        node(
            "adopter",
            storeUrl,
            "echo \"adopter fenced $FAULTLINE_FENCE_HOST $FAULTLINE_FAULT_ID\" >> %1$s");
    String token = adopter.token();
    Host host = host(adopter, token, "fence-zombie-host");

    String faultId = reportDown(zombie, token, host.name());
    await(
        () -> lines().contains("zombie start " + host.name() + " " + faultId),
        "the zombie's fence command started");
    zombie.pause();
    try {
      await(() -> status(adopter, token, faultId).equals("handled"), "the adopter handled it");
    } finally {
      Files.createFile(directory.resolve("release"));
      zombie.unpause();
    }
    JsonNode adopted = fault(adopter, token, faultId);

    await(
        () -> logOf(zombie).contains("fault " + faultId + ": the store refused this node's write"),
        "the zombie's write refused");
    await(
        () -> lines().contains("zombie fenced " + host.name() + " " + faultId),
        "the zombie's fence command ended");
    JsonNode after = fault(adopter, token, faultId);
    assertThat(after.get("status").asText()).isEqualTo("handled");
    assertThat(fencedAt(after))
        .as("the fenced stage is the adopter's: %s", after)
        .isEqualTo(fencedAt(adopted));
    assertThat(after.get("fence_attempts")).isEqualTo(adopted.get("fence_attempts"));
    assertThat(after.get("fence_attempts")).hasSize(2);
    assertThat(after.at("/fence_attempts/1/repeat").asBoolean()).isTrue();
    assertThat(lines())
        .as("the host's fence command saw only the one fault's id")
        .allSatisfy(line -> assertThat(line).endsWith(" " + host.name() + " " + faultId))
        .contains("adopter fenced " + host.name() + " " + faultId);
    assertThat(faultsOf(adopter, token, host.name())).as("one fault for the host").hasSize(1);
    assertStoppedAndDown(adopter, token, host);
  }

  private void assertStoppedAndDown(ServerProcess node, String token, Host host) throws Exception {
    for (String server : host.servers()) {
      assertThat(
              node.send("GET", "/v2.1/servers/" + server, token, null)
                  .expect(200)
                  .json()
                  .at("/server/status")
                  .asText())
          .isEqualTo("SHUTOFF");
    }
    assertThat(
            node.send("GET", "/v2.0/ports/" + host.port(), token, null)
                .expect(200)
                .json()
                .at("/port/data_plane_status")
                .asText())
        .isEqualTo("DOWN");
  }

  /** A compute host with two servers and a port on a network of its own. */
  private static Host host(ServerProcess node, String token, String name) throws Exception {
    String network =
        node.send("POST", "/v2.0/networks", token, "{\"network\": {\"name\": \"" + name + "\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    return ClusterHosts.host(node, token, network, Optional.empty(), name);
  }

  /** When the fault's timeline says its host was fenced (T2). */
  private static String fencedAt(JsonNode fault) {
    for (JsonNode stage : fault.get("timeline")) {
      if (stage.get("name").asText().equals("fenced")) {
        return stage.get("at").asText();
      }
    }
    throw new AssertionError("no fenced stage: " + fault);
  }

  private static JsonNode fault(ServerProcess node, String token, String faultId) throws Exception {
    return node.send("GET", "/v1/faults/" + faultId, token, null).expect(200).json().get("fault");
  }

  private static String status(ServerProcess node, String token, String faultId) {
    try {
      return fault(node, token, faultId).get("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<JsonNode> faultsOf(ServerProcess node, String token, String host)
      throws Exception {
    List<JsonNode> faults = new ArrayList<>();
    node.send("GET", "/v1/faults?host=" + host, token, null)
        .expect(200)
        .json()
        .get("faults")
        .forEach(faults::add);
    return faults;
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(fenceLog);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String logOf(ServerProcess node) {
    try {
      return node.log();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * A cluster node whose fence agent is a command of its own: {@code body} ({@code %1$s} the fence
   * log, {@code %2$s} the test's directory) after a shebang.
   */
  private ServerProcess node(String name, String storeUrl, String body) throws Exception {
    Path fence = directory.resolve("fence-" + name);
    Files.writeString(fence, "#!/bin/sh\n" + body.formatted(fenceLog, directory) + "\n");
    Files.setPosixFilePermissions(fence, PosixFilePermissions.fromString("rwxr-xr-x"));
    ServerProcess node =
        ClusterKillTest.node(
            directory,
            "cluster-fence-" + name,
            storeUrl,
            broker,
            """
            inspector:
              fence-agent: command
              fence-command: %s
              fence-timeout: PT60S
            """
                .formatted(fence));
    nodes.add(node);
    return node;
  }
}
