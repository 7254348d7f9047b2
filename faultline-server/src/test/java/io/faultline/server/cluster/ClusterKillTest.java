package io.faultline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.ServerProcess;
import io.faultline.server.TestServer;
import io.faultline.server.bus.Broker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three {@code faultline serve} processes on the machine's PostgreSQL and RabbitMQ; a numbered
 * stream of Nova notifications is published while one of them is killed with {@code kill -9}. Every
 * event fires its alarm exactly once as a consumer sees it: one webhook, or several that carry one
 * delivery id (which the consumer de-duplicates on). The stream is about one instance, so its
 * events share one partition: they are evaluated in the order published, across the kill.
 */
class ClusterKillTest {
  private static final int EVENTS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Event message id → the delivery ids of the webhooks it caused. */
  private final Map<String, Set<String>> deliveries = new ConcurrentHashMap<>();

  @Test
  void everyEventFiresOnceWhileANodeIsKilled() throws Exception {
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext(
        "/hook",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          deliveries
              .computeIfAbsent(
                  body.at("/reason_data/event/message_id").asText(),
                  id -> ConcurrentHashMap.newKeySet())
              .add(exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    Path directory = Files.createTempDirectory("faultline-cluster");
    String storeUrl = TestServer.postgresSchemaUrl();
    List<ServerProcess> nodes = new ArrayList<>();
    try (Broker broker = new Broker()) {
      try {
        for (int i = 0; i < 3; i++) {
          nodes.add(node(directory, "node-" + i, storeUrl, broker));
        }
        ServerProcess first = nodes.get(0);
        String token = first.token();
        String project =
            first
                .send("GET", "/v3/projects?name=admin", token, null)
                .json()
                .at("/projects/0/id")
                .asText();
        String instance = UUID.randomUUID().toString();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String alarm =
            first
                .send(
                    "POST",
                    "/v2/alarms",
                    token,
                    """
                {"name": "every-event", "type": "event", "repeat_actions": true,
                 "alarm_actions": ["%s"],
                 "event_rule": {"event_type": "compute.instance.update",
                   "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                              "value": "%s"}]}}
                """
                        .formatted(hook, instance))
                .expect(201)
                .json()
                .get("alarm_id")
                .asText();
        // Every node has the alarm in its index before the stream starts.
        Thread.sleep(1000);

        List<String> published = new ArrayList<>(EVENTS);
        for (int start = 0; start < EVENTS; start += 10) {
          published.addAll(NovaPublisher.publish(broker, project, instance, start, 10));
          if (start == EVENTS / 3) {
            nodes.get(1).kill();
          }
          Thread.sleep(20);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (deliveries.size() < EVENTS && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(deliveries).as("events whose webhook arrived").hasSize(EVENTS);
        assertThat(deliveries.values())
            .as("the webhooks of one event carry one delivery id")
            .allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertEvaluatedInPublicationOrder(storeUrl, alarm, published);
        // The killed node's partitions move once its lease has run out.
        JsonNode cluster = first.send("GET", "/v1/cluster", token, null).json().get("cluster");
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cluster.get("unheld_partitions").isEmpty() && System.nanoTime() < settle) {
          Thread.sleep(200);
          cluster = first.send("GET", "/v1/cluster", token, null).json().get("cluster");
        }
        assertThat(cluster.get("nodes")).hasSize(3);
        // The survivors hold every evaluation partition between them, the killed node none.
        assertThat(cluster.get("evaluation").asText()).isEqualTo("partitioned");
        assertThat(cluster.get("unheld_partitions")).isEmpty();
        List<Integer> held = new ArrayList<>();
        for (JsonNode node : cluster.get("nodes")) {
          JsonNode partitions = node.at("/leases/partitions");
          if (!node.get("live").asBoolean()) {
            assertThat(partitions).as("partitions of the killed node").isEmpty();
          }
          partitions.forEach(partition -> held.add(partition.asInt()));
        }
        assertThat(held)
            .containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, cluster.get("partitions").asInt())
                    .boxed()
                    .toList());
      } finally {
        nodes.forEach(ServerProcess::close);
        receiver.stop(0);
      }
    }
  }

  /**
   * The alarm's firings, in the order they were committed (its history's sequence), name the events
   * in the order they were published. An event evaluated again (delivered to the next holder of its
   * partition because the killed node had not acknowledged it) fires again with the same delivery
   * id, which the consumer recognises: only an event's first firing must be in order.
   */
  private static void assertEvaluatedInPublicationOrder(
      String storeUrl, String alarm, List<String> published) throws Exception {
    Map<String, Integer> number = new java.util.HashMap<>();
    for (int n = 0; n < published.size(); n++) {
      number.put(published.get(n), n);
    }
    java.util.regex.Pattern event = java.util.regex.Pattern.compile("Event <id=([^,>]+)");
    List<Integer> firstFirings = new ArrayList<>();
    Set<Integer> seen = new java.util.HashSet<>();
    int repeats = 0;
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(storeUrl, TestServer.PG_USER, "");
        java.sql.PreparedStatement select =
            connection.prepareStatement(
                "SELECT detail FROM alarm_history WHERE alarm_id = ? AND change_type = ?"
                    + " ORDER BY seq")) {
      select.setString(1, alarm);
      select.setString(2, "state transition");
      try (java.sql.ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String reason = JSON.readTree(rows.getString(1)).get("transition_reason").asText();
          java.util.regex.Matcher matcher = event.matcher(reason);
          assertThat(matcher.find()).as("an event names the firing: %s", reason).isTrue();
          Integer n = number.get(matcher.group(1));
          assertThat(n).as("a published event fired: %s", reason).isNotNull();
          if (seen.add(n)) {
            firstFirings.add(n);
          } else {
            repeats++;
          }
        }
      }
    }
    assertThat(firstFirings)
        .as("events by first firing (%d firings again after a redelivery)", repeats)
        .hasSize(published.size())
        .isSorted();
  }

  /** A node: {@code faultline serve} in its own JVM on the shared PostgreSQL and RabbitMQ. */
  private static ServerProcess node(Path directory, String name, String storeUrl, Broker broker)
      throws Exception {
    return node(directory, "cluster-kill-" + name, storeUrl, broker, "");
  }

  /**
   * A cluster node on the shared PostgreSQL schema and the broker's exchanges and queue prefix,
   * with a short lease and no heartbeat monitor; {@code extraYaml} adds top-level sections.
   */
  static ServerProcess node(
      Path directory, String name, String storeUrl, Broker broker, String extraYaml)
      throws Exception {
    return ServerProcess.startWith(
        directory.resolve(name + ".yaml"),
        name,
        """
        server:
          host: 127.0.0.1
          port: 0
        store:
          url: "%s"
          user: %s
        cluster:
          lease: PT2S
          renew-interval: PT0.5S
        identity:
          admin-password: %s
          bcrypt-cost: 4
        monitor:
          enabled: false
        """
                .formatted(storeUrl, TestServer.PG_USER, ServerProcess.PASSWORD)
            + broker.busYaml()
            + extraYaml);
  }
}
