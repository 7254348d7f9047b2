package io.faultline.server.cluster;

import static io.faultline.server.cluster.ClusterHosts.host;
import static io.faultline.server.cluster.ClusterHosts.reportDown;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.ServerProcess;
import io.faultline.server.TestServer;
import io.faultline.server.bus.Broker;
import io.faultline.server.cluster.ClusterHosts.Host;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A fault reported during a node kill is handled exactly once. Three {@code faultline serve}
 * processes on the machine's PostgreSQL and RabbitMQ fence with a command that appends to a file
 * and, for the hosts the test holds, waits for the test to let it finish. A host is reported down
 * to one node, and that node's machine dies ({@code kill -9} of the server and its fence command)
 * at a moment of the handling: while it fences, or once the fenced stage is in the store. The
 * survivors adopt the fault and finish it: one fault for the host, fenced to the end once, its
 * instances stopped and its ports' data plane down, and each instance's webhook received with one
 * delivery id.
 */
class ClusterFaultKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Instance id → the delivery ids of the webhooks its host-down caused. */
  private final Map<String, Set<String>> deliveries = new ConcurrentHashMap<>();

  @Test
  void aFaultReportedDuringANodeKillIsHandledExactlyOnce() throws Exception {
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext(
        "/hook",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          deliveries
              .computeIfAbsent(
                  body.get("alarm_name").asText().substring("stopped-".length()),
                  id -> ConcurrentHashMap.newKeySet())
              .add(exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    Path directory = Files.createTempDirectory("faultline-cluster-fault");
    Path fenced = directory.resolve("fenced.log");
    Path fence = directory.resolve("fence");
    Files.writeString(
        fence,
        """
        #!/bin/sh
        echo "start $1" >> %1$s
        while [ ! -e %2$s/release-$1 ]; do sleep 0.05; done
        echo "fenced $1" >> %1$s
        """
            .formatted(fenced, directory));
    Files.setPosixFilePermissions(fence, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createFile(fenced);
    String storeUrl = TestServer.postgresSchemaUrl();
    List<ServerProcess> nodes = new ArrayList<>();
    try (Broker broker = new Broker()) {
      try {
        for (int i = 0; i < 3; i++) {
          nodes.add(node(directory, fence, "node-" + i, storeUrl, broker));
        }
        ServerProcess survivor = nodes.get(2);
        String token = survivor.token();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String network =
            survivor
                .send("POST", "/v2.0/networks", token, "{\"network\": {\"name\": \"fault-kill\"}}")
                .expect(201)
                .json()
                .at("/network/id")
                .asText();
        List<Host> hosts = new ArrayList<>();
        for (String name : List.of("held", "passing", "fenced-first")) {
          hosts.add(host(survivor, token, network, Optional.of(hook), "fault-kill-" + name));
        }
        // Every node has the alarms in its index before a host goes down.
        Thread.sleep(1000);
        Host held = hosts.get(0);
        Host passing = hosts.get(1);
        Host fencedFirst = hosts.get(2);
        Files.createFile(directory.resolve("release-" + passing.name()));

        // Moment 1: node 0 dies while it fences one host, the other host's handling wherever it
        // is then.
        reportDown(nodes.get(0), token, held.name());
        reportDown(nodes.get(0), token, passing.name());
        await(() -> lines(fenced).contains("start " + held.name()), "the fence of held started");
        nodes.get(0).killWithChildren();
        Files.createFile(directory.resolve("release-" + held.name()));

        // Moment 2: node 1 dies once the fenced stage of its fault is in the store.
        Files.createFile(directory.resolve("release-" + fencedFirst.name()));
        String faultId = reportDown(nodes.get(1), token, fencedFirst.name());
        await(
            () -> stages(survivor, token, faultId).contains("T2"),
            "the fenced stage of fenced-first in the store");
        nodes.get(1).killWithChildren();

        for (Host host : hosts) {
          await(
              () -> handledFaults(survivor, token, host.name()) == 1,
              "the fault of " + host.name() + " handled by a survivor");
          assertThat(faults(survivor, token, host.name()))
              .as("faults of %s", host.name())
              .hasSize(1);
          long completed = lines(fenced).stream().filter(("fenced " + host.name())::equals).count();
          if (host.equals(passing)) {
            // Its handling is wherever it was when the machine died. A machine that dies after a
            // fence ran to the end but before the fenced stage is in the store leaves no trace
            // that it fenced, so the survivor fences again: fencing is at least once, never
            // skipped (a fence agent powers off a host that may already be off).
            assertThat(completed)
                .as("fence commands of %s that ran to the end", host.name())
                .isBetween(1L, 2L);
          } else {
            // Killed while fencing (it never ran to the end), or once the fenced stage was
            // stored (the survivor must not fence again): exactly one fence ran to the end.
            assertThat(completed)
                .as("fence commands of %s that ran to the end", host.name())
                .isEqualTo(1L);
          }
          for (String server : host.servers()) {
            assertThat(
                    survivor
                        .send("GET", "/v2.1/servers/" + server, token, null)
                        .expect(200)
                        .json()
                        .at("/server/status")
                        .asText())
                .isEqualTo("SHUTOFF");
          }
          assertThat(
                  survivor
                      .send("GET", "/v2.0/ports/" + host.port(), token, null)
                      .expect(200)
                      .json()
                      .at("/port/data_plane_status")
                      .asText())
              .isEqualTo("DOWN");
        }
        List<String> servers = hosts.stream().flatMap(host -> host.servers().stream()).toList();
        await(() -> deliveries.keySet().containsAll(servers), "every instance's webhook");
        assertThat(deliveries.values())
            .as("the webhooks of one instance's stop carry one delivery id")
            .allSatisfy(ids -> assertThat(ids).hasSize(1));
      } finally {
        nodes.forEach(ServerProcess::close);
        receiver.stop(0);
      }
    }
  }

  private static List<JsonNode> faults(ServerProcess node, String token, String host)
      throws Exception {
    List<JsonNode> faults = new ArrayList<>();
    node.send("GET", "/v1/faults?host=" + host, token, null)
        .expect(200)
        .json()
        .get("faults")
        .forEach(faults::add);
    return faults;
  }

  private static long handledFaults(ServerProcess node, String token, String host) {
    try {
      return faults(node, token, host).stream()
          .filter(fault -> fault.get("status").asText().equals("handled"))
          .count();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> stages(ServerProcess node, String token, String faultId) {
    try {
      List<String> stages = new ArrayList<>();
      node.send("GET", "/v1/faults/" + faultId, token, null)
          .expect(200)
          .json()
          .at("/fault/timeline")
          .forEach(stage -> stages.add(stage.get("stage").asText()));
      return stages;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(50);
    }
  }

  /** A node whose fence agent is the test's command. */
  private static ServerProcess node(
      Path directory, Path fence, String name, String storeUrl, Broker broker) throws Exception {
    return ClusterKillTest.node(
        directory,
        "cluster-fault-kill-" + name,
        storeUrl,
        broker,
        """
        inspector:
          fence-agent: command
          fence-command: %s
          fence-timeout: PT30S
        """
            .formatted(fence));
  }
}
