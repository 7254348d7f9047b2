package io.faultline.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No consumer's webhook is lost to a crash. The real server runs as a separate process on an H2
 * file database; a host with 200 instances, each with an event alarm whose webhook goes to a
 * receiver in this test, is reported down; the server is killed with {@code kill -9} some
 * milliseconds after the 202 and restarted on the same data. Every alarm's webhook must arrive at
 * least once, and all the webhooks of one alarm carry one delivery id (consumers de-duplicate on
 * it). The fleet is built once, and each moment starts from a copy of its data directory.
 */
class KillDuringFaultTest {
  private static final int INSTANCES = 200;
  private static final int PROJECTS = 4;
  private static final String HOST = "crash-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static Path fleet;
  private static HttpServer consumer;
  private static final AtomicInteger runs = new AtomicInteger();

  /** Alarm id → the delivery ids its webhooks carried. */
  private static final Map<String, Set<String>> received = new ConcurrentHashMap<>();

  @BeforeAll
  static void buildFleet() throws Exception {
    root = Files.createTempDirectory("faultline-kill");
    fleet = root.resolve("fleet");
    consumer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    consumer.setExecutor(Executors.newFixedThreadPool(8));
    consumer.createContext(
        "/vnfm",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          String delivery = exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id");
          received
              .computeIfAbsent(body.get("alarm_id").asText(), id -> ConcurrentHashMap.newKeySet())
              .add(delivery);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    consumer.start();
    try (ServerProcess server = ServerProcess.start(fleet, "kill-setup")) {
      build(server);
      server.stop();
    }
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (consumer != null) {
      consumer.stop(0);
    }
    if (root != null) {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @ParameterizedTest(name = "kill -9 {0} ms after the 202")
  // From before the host-down transaction commits, through the evaluator's commit, to webhooks in
  // flight; which stage each moment hits depends on the machine's speed.
  @ValueSource(ints = {50, 100, 300, 600, 1600})
  void everyWebhookArrivesAfterAKillAndARestart(int killAfterMillis) throws Exception {
    received.clear();
    Path data = root.resolve("run-" + runs.incrementAndGet() + "-" + killAfterMillis);
    copy(fleet, data);
    try (ServerProcess first =
        ServerProcess.start(data, "kill-first-" + runs.get() + "-" + killAfterMillis)) {
      String token = first.token();
      first.send("PUT", "/v1/events", token, rawFault()).expect(202);
      Thread.sleep(killAfterMillis);
      first.kill();
    }
    int beforeRestart = received.size();
    try (ServerProcess second =
        ServerProcess.start(data, "kill-second-" + runs.get() + "-" + killAfterMillis)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (received.size() < INSTANCES && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(received)
          .as(
              "alarms whose webhook arrived (%d before the restart); see target/server-kill-*-%d-%d.log",
              beforeRestart, runs.get(), killAfterMillis)
          .hasSize(INSTANCES);
      assertThat(received.values())
          .as("every webhook of one alarm carries one delivery id")
          .allSatisfy(ids -> assertThat(ids).hasSize(1));
      JsonNode servers =
          second.send("GET", "/v2.1/servers/detail?all_tenants=1", second.token(), null).json();
      assertThat(servers.get("servers"))
          .hasSize(INSTANCES)
          .allSatisfy(node -> assertThat(node.get("status").asText()).isEqualTo("SHUTOFF"));
      second.stop();
    }
  }

  private static String rawFault() {
    return """
        [{"time": "2026-11-25T08:00:00.000000", "type": "compute.host.down",
          "details": {"hostname": "%s", "status": "down", "monitor": "test",
                      "monitor_event_id": "kill"}}]
        """
        .formatted(HOST);
  }

  private static void build(ServerProcess server) throws Exception {
    String admin = server.token();
    // 50 instances per project: over Nova's default quota of 10.
    server.prepareHost(admin, HOST);
    String hook = "http://127.0.0.1:" + consumer.getAddress().getPort() + "/vnfm";
    for (int p = 0; p < PROJECTS; p++) {
      String project =
          server
              .send("POST", "/v3/projects", admin, "{\"project\": {\"name\": \"vnf-" + p + "\"}}")
              .expect(201)
              .json()
              .at("/project/id")
              .asText();
      String user =
          server
              .send(
                  "POST",
                  "/v3/users",
                  admin,
                  "{\"user\": {\"name\": \"vnfm-"
                      + p
                      + "\", \"password\": \"pw\", \"default_project_id\": \""
                      + project
                      + "\"}}")
              .expect(201)
              .json()
              .at("/user/id")
              .asText();
      String member =
          server
              .send("GET", "/v3/roles?name=member", admin, null)
              .json()
              .at("/roles/0/id")
              .asText();
      server
          .send(
              "PUT", "/v3/projects/" + project + "/users/" + user + "/roles/" + member, admin, null)
          .expect(204);
      String token = server.token("vnfm-" + p, "pw", "vnf-" + p);
      for (int i = 0; i < INSTANCES / PROJECTS; i++) {
        String instance =
            server
                .send(
                    "POST",
                    "/v2.1/servers",
                    token,
                    "{\"server\": {\"name\": \"vnf-"
                        + i
                        + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                        + " \"networks\": \"none\"}}")
                .expect(202)
                .json()
                .at("/server/id")
                .asText();
        String alarm =
            """
            {"name": "vnf-%d-down", "type": "event", "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                          "value": "%s"},
                         {"field": "traits.state", "op": "eq", "type": "string",
                          "value": "stopped"}]}}
            """
                .formatted(i, hook, instance);
        server.send("POST", "/v2/alarms", token, alarm).expect(201);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source));
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
