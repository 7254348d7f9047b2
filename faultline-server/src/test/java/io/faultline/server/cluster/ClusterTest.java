package io.faultline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.StreamClient;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Engine;
import io.faultline.server.bus.Broker;
import io.faultline.server.config.ClusterConfig;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.MonitorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM on the machine's PostgreSQL and RabbitMQ: what one node is told, every node
 * knows (alarms, tokens, heartbeats), each host is watched by one node, and when a node stops
 * renewing its lease the other takes over its hosts and keeps firing alarms. A node is "killed" by
 * closing it: its lease row stays, as after a {@code kill -9}, and simply runs out.
 */
class ClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> NOVA_2_11 =
      Map.of("X-OpenStack-Nova-API-Version", "2.11");

  private Broker broker;
  private HttpServer receiver;
  private String storeUrl;
  private TestServer first;
  private TestServer second;
  private final List<ScheduledExecutorService> beaters = new ArrayList<>();

  /** Event message id → the delivery ids of the webhooks it caused. */
  private final Map<String, Set<String>> deliveries = new ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicInteger webhooks =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    broker = new Broker();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    receiver.createContext(
        "/hook",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          webhooks.incrementAndGet();
          deliveries
              .computeIfAbsent(
                  body.at("/reason_data/event/message_id").asText(),
                  id -> ConcurrentHashMap.newKeySet())
              .add(exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    FaultlineConfig config = config();
    first = TestServer.start(config, InstantSource.system());
    second = TestServer.start(config, InstantSource.system());
  }

  private FaultlineConfig config() {
    FaultlineConfig base = TestServer.testConfig(Engine.POSTGRESQL);
    storeUrl = base.store().url();
    return base.withBus(broker.config())
        .withMonitor(new MonitorConfig(true, Duration.ofMillis(200), 3, 3, Duration.ofSeconds(2)))
        .withCluster(
            new ClusterConfig(null, Duration.ofSeconds(2), Duration.ofMillis(400), null, null));
  }

  @AfterEach
  void stop() throws Exception {
    beaters.forEach(ScheduledExecutorService::shutdownNow);
    for (TestServer server : new TestServer[] {first, second}) {
      if (server != null) {
        server.close();
      }
    }
    if (receiver != null) {
      receiver.stop(0);
    }
    broker.close();
  }

  @Test
  void everyNodeServesTheClusterViewToAdminsOnly() {
    JsonNode cluster =
        second.http().get("/v1/cluster", first.adminToken()).expect(200).json().get("cluster");
    assertThat(cluster.get("clustered").asBoolean()).isTrue();
    assertThat(cluster.get("nodes")).hasSize(2);
    assertThat(cluster.get("nodes"))
        .allSatisfy(node -> assertThat(node.get("live").asBoolean()).isTrue());
    assertThat(StreamSupport.stream(cluster.get("nodes").spliterator(), false))
        .filteredOn(node -> node.get("self").asBoolean())
        .hasSize(1);
    assertThat(keys(cluster))
        .containsExactly(
            "clustered", "now", "evaluation", "partitions", "unheld_partitions", "nodes");
    assertThat(cluster.get("evaluation").asText()).isEqualTo("partitioned");
    assertThat(cluster.get("partitions").isInt()).isTrue();
    assertThat(cluster.get("unheld_partitions").isArray()).isTrue();
    JsonNode node = cluster.at("/nodes/0");
    assertThat(keys(node))
        .containsExactly(
            "id",
            "address",
            "self",
            "live",
            "started_at",
            "lease_expires_at",
            "evaluates_events",
            "leases");
    assertThat(keys(node.get("leases"))).containsExactly("hosts", "partitions", "expires_at");
    assertThat(node.at("/leases/hosts").isInt()).isTrue();
    assertThat(node.at("/leases/partitions").isArray()).isTrue();

    Account member = first.newProjectUser("member");
    second.http().get("/v1/cluster", member.token()).expect(403);
    second.http().get("/v1/cluster", null).expect(401);
  }

  @Test
  void aTokenRevokedOnOneNodeIsRefusedByTheOther() {
    Account member = first.newProjectUser("member");
    second.http().get("/v3/auth/projects", member.token()).expect(200);
    first
        .http()
        .send(
            "DELETE",
            "/v3/auth/tokens",
            member.token(),
            null,
            Map.of("X-Subject-Token", member.token()))
        .expect(204);
    awaitTrue(
        "the other node refuses the revoked token",
        () -> second.http().get("/v3/auth/projects", member.token()).status() == 401);
  }

  @Test
  void anAlarmCreatedOnOneNodeFiresOnBothAndTheSurvivorTakesOverTheHosts() throws Exception {
    Account tenant = first.newProjectUser("member");
    String instance = UUID.randomUUID().toString();
    createAlarm(first, tenant, instance);

    // Both nodes consume the evaluation queue: twenty events fire twenty times, each once.
    publish(tenant, instance, 0, 20);
    awaitTrue("20 events fired", () -> deliveries.size() == 20);
    assertThat(deliveries.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));

    List<String> hosts = List.of("cl-1", "cl-2", "cl-3", "cl-4");
    hosts.forEach(first::beat);
    hosts.forEach(host -> beatEvery200Millis(second, host));
    awaitTrue("each node watches two hosts", () -> watchedHosts().equals(List.of(2, 2)));
    List<String> firstsHosts = hostsWatchedBy(nodeId(first));
    assertThat(firstsHosts).hasSize(2);

    first.close();
    first = null;
    String silent = firstsHosts.get(0);
    beaters.forEach(ScheduledExecutorService::shutdownNow);
    beaters.clear();
    hosts.stream().filter(host -> !host.equals(silent)).forEach(h -> beatEvery200Millis(second, h));

    awaitTrue("the survivor watches every host", () -> watchedHosts().equals(List.of(4)));
    awaitTrue("the silent host is forced down", () -> forcedDown(silent));
    assertThat(hosts.stream().filter(host -> !host.equals(silent))).noneMatch(this::forcedDown);

    publish(tenant, instance, 20, 5);
    awaitTrue("25 events fired", () -> deliveries.size() == 25);
    assertThat(deliveries.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    JsonNode cluster =
        second.http().get("/v1/cluster", second.adminToken()).expect(200).json().get("cluster");
    assertThat(StreamSupport.stream(cluster.get("nodes").spliterator(), false))
        .filteredOn(node -> node.get("live").asBoolean())
        .hasSize(1);
  }

  /**
   * An alarm changed on one node is in every node's index before the next event is evaluated: an
   * alarm created on the first node fires for the event published right after, whichever node
   * evaluates it, and once deleted on the second node it fires for none. Many rounds, as a window
   * between the change and its arrival in the other node's index would show only now and then.
   */
  @Test
  void anAlarmChangedOnOneNodeIsInEveryNodesIndexBeforeTheNextEvent() throws Exception {
    Account tenant = first.newProjectUser("member");
    int rounds = 30;
    for (int round = 0; round < rounds; round++) {
      String instance = UUID.randomUUID().toString();
      String alarm = createAlarm(first, tenant, instance);
      publish(tenant, instance, 0, 1);
      int fired = round + 1;
      awaitTrue("round " + round + " fired", () -> deliveries.size() == fired);
      second
          .http()
          .send("DELETE", "/v2/alarms/" + alarm, tenant.token(), null, Map.of())
          .expect(204);
      publish(tenant, instance, 0, 1);
    }
    // The last round's event after the deletion has been evaluated by now or never fires: the
    // events after a deletion fired nothing.
    Thread.sleep(1000);
    assertThat(webhooks.get()).as("webhooks").isEqualTo(rounds);
    assertThat(deliveries).hasSize(rounds);
  }

  @Test
  void twoNodesEvaluateARealOsloMessagingNotificationExactlyOnce() throws Exception {
    Account tenant = first.newProjectUser("member");
    String instance = UUID.randomUUID().toString();
    createAlarm(first, tenant, instance);
    String payload =
        JSON.writeValueAsString(
            Map.of(
                "tenant_id", tenant.projectId(),
                "user_id", tenant.userId(),
                "instance_id", instance,
                "host", "compute-7",
                "state", "error",
                "old_state", "active",
                "state_description", "number {n}"));

    // Published by Debian's python3-oslo.messaging as Nova publishes: exchange nova (the broker's),
    // topic notifications. Both nodes consume; repeat_actions fires on every evaluation, so one
    // webhook
    // per notification means each was evaluated once across the two.
    io.faultline.server.bus.PythonOslo.publish(
        "--exchange",
        broker.exchange("nova"),
        "--topic",
        "notifications",
        "--publisher",
        "compute.compute-7",
        "--event-type",
        "compute.instance.update",
        "--payload",
        payload,
        "--count",
        "20");

    awaitTrue("20 notifications fired", () -> deliveries.size() == 20);
    Thread.sleep(1000); // a late second evaluation would have arrived by now
    assertThat(deliveries.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    assertThat(webhooks.get()).as("webhooks for 20 notifications").isEqualTo(20);
  }

  @Test
  void reportsOfOneHostToTwoNodesOpenOneFault() throws Exception {
    String host = "cl-both-" + UUID.randomUUID().toString().substring(0, 8);
    first.beat(host);
    List<java.util.concurrent.Future<JsonNode>> replies = new ArrayList<>();
    try (var threads = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 4; i++) {
        TestServer node = i % 2 == 0 ? first : second;
        String body = ClusterHosts.hostDownReport(host, ClusterHosts.SAMPLE_DETECTED_AT, "ev-" + i);
        replies.add(
            threads.submit(
                () ->
                    node.http()
                        .put("/v1/events", node.adminToken(), body)
                        .expect(202)
                        .json()
                        .at("/faults/0")));
      }
      List<JsonNode> receipts = new ArrayList<>();
      for (var reply : replies) {
        receipts.add(reply.get());
      }
      assertThat(receipts)
          .extracting(r -> r.get("fault_id").asText())
          .containsOnly(receipts.get(0).get("fault_id").asText());
      assertThat(receipts).filteredOn(r -> !r.get("merged").asBoolean()).hasSize(1);
    }
    awaitTrue("the host is forced down", () -> forcedDown(host));
    JsonNode faults =
        second
            .http()
            .get("/v1/faults?host=" + host, second.adminToken())
            .expect(200)
            .json()
            .get("faults");
    assertThat(faults).hasSize(1);
  }

  @Test
  void theConsoleStreamOfOneNodeShowsFaultsAndAlarmsHandledOnTheOther() throws Exception {
    Account tenant = first.newProjectUser("member");
    try (StreamClient admin = StreamClient.open(second, second.adminToken());
        StreamClient member = StreamClient.open(second, tenant.token())) {
      admin.await("ready", "");
      member.await("ready", "");
      first.beat("cs-1");
      String fault = reportDownNow(first, first.adminToken(), "cs-1");
      admin.await("fault", "\"id\":\"" + fault + "\"");

      String alarm = UUID.randomUUID().toString();
      createAlarm(first, tenant, alarm);
      member.await("alarms", tenant.projectId());
    }
  }

  /**
   * A fault is held by the node it was reported to, but its alarms are evaluated where their
   * events' partition is, and its webhooks sent from there: the stages stamped on that other node
   * (T5 evaluated, T6 sent, T7 acknowledged) are in the fault's timeline, in order, read from
   * either node.
   */
  @Test
  void aFaultsTimelineHasTheStagesStampedOnTheNodeThatEvaluatedItsAlarms() throws Exception {
    awaitTrue(
        "both nodes hold evaluation partitions, none unheld",
        () -> {
          JsonNode cluster = clusterView(second);
          return cluster.get("unheld_partitions").isEmpty()
              && !partitionsHeldBy(cluster, nodeId(first)).isEmpty()
              && !partitionsHeldBy(cluster, nodeId(second)).isEmpty();
        });
    JsonNode cluster = clusterView(second);
    int partitions = cluster.get("partitions").asInt();
    Set<Integer> seconds = partitionsHeldBy(cluster, nodeId(second));
    String token = first.adminToken();
    String host = "tl-" + UUID.randomUUID().toString().substring(0, 8);
    first.beat(host);
    // A server whose events (partitioned by instance id) the second node evaluates.
    String server;
    do {
      server =
          first
              .http()
              .post(
                  "/v2.1/servers",
                  token,
                  """
                  {"server": {"name": "vnf", "flavorRef": "1", "imageRef": "cirros",
                    "networks": "none", "availability_zone": "nova:%s"}}
                  """
                      .formatted(host))
              .expect(202)
              .json()
              .at("/server/id")
              .asText();
    } while (!seconds.contains(
        io.faultline.bus.PartitionedSubscription.partitionOf(server, partitions)));
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    first
        .http()
        .post(
            "/v2/alarms",
            token,
            """
            {"name": "stopped", "type": "event", "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                          "value": "%s"},
                         {"field": "traits.state", "op": "eq", "type": "string",
                          "value": "stopped"}]}}
            """
                .formatted(hook, server))
        .expect(201);

    String fault = reportDownNow(first, token, host);

    for (TestServer node : List.of(first, second)) {
      awaitTrue(
          "the fault's acknowledged stage, read from either node",
          () -> timeline(node, fault).containsKey("T7"));
      Map<String, java.time.Instant> timeline = timeline(node, fault);
      assertThat(timeline).containsKeys("T0", "T1", "T2", "T3", "T4", "T5", "T6", "T7");
      assertThat(new ArrayList<>(timeline.values())).isSorted();
      JsonNode alarms =
          node.http().get("/v1/faults/" + fault, token).expect(200).json().at("/fault/affected");
      assertThat(alarms.get("alarms")).hasSize(1);
      assertThat(alarms.get("instances").toString()).contains(server);
    }
  }

  /**
   * Reports the host down to the node, detected now (the fault's T0, so that its timeline is in
   * order), as the Doctor sample monitor does; returns the fault.
   */
  private static String reportDownNow(TestServer node, String token, String host) {
    return node.http()
        .put("/v1/events", token, ClusterHosts.hostDownReport(host, java.time.Instant.now(), host))
        .expect(202)
        .json()
        .at("/faults/0/fault_id")
        .asText();
  }

  /** The fault's timeline as the node reads it: stage label → when, in stage order. */
  private static Map<String, java.time.Instant> timeline(TestServer node, String fault) {
    Map<String, java.time.Instant> stages = new java.util.LinkedHashMap<>();
    node.http()
        .get("/v1/faults/" + fault, node.adminToken())
        .expect(200)
        .json()
        .at("/fault/timeline")
        .forEach(
            stage ->
                stages.put(
                    stage.get("stage").asText(),
                    java.time.Instant.parse(stage.get("at").asText())));
    return stages;
  }

  private static JsonNode clusterView(TestServer server) {
    return server.http().get("/v1/cluster", server.adminToken()).expect(200).json().get("cluster");
  }

  private static Set<Integer> partitionsHeldBy(JsonNode cluster, String node) {
    Set<Integer> held = new java.util.HashSet<>();
    cluster
        .get("nodes")
        .forEach(
            each -> {
              if (each.get("id").asText().equals(node) && each.get("live").asBoolean()) {
                each.at("/leases/partitions").forEach(partition -> held.add(partition.asInt()));
              }
            });
    return held;
  }

  private String createAlarm(TestServer server, Account tenant, String instance) {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    return server
        .http()
        .post(
            "/v2/alarms",
            tenant.token(),
            """
            {"name": "vnf-error", "type": "event", "repeat_actions": true, "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                          "value": "%s"}]}}
            """
                .formatted(hook, instance))
        .expect(201)
        .json()
        .get("alarm_id")
        .asText();
  }

  private void publish(Account tenant, String instance, int start, int count) throws Exception {
    NovaPublisher.publish(broker, tenant.projectId(), instance, start, count);
  }

  private void beatEvery200Millis(TestServer server, String host) {
    ScheduledExecutorService beater = Executors.newSingleThreadScheduledExecutor();
    beaters.add(beater);
    var unused = beater.scheduleAtFixedRate(() -> server.beat(host), 0, 200, TimeUnit.MILLISECONDS);
  }

  private boolean forcedDown(String host) {
    JsonNode services =
        second
            .http()
            .send("GET", "/v2.1/os-services?host=" + host, second.adminToken(), null, NOVA_2_11)
            .expect(200)
            .json()
            .get("services");
    return StreamSupport.stream(services.spliterator(), false)
        .anyMatch(service -> service.get("forced_down").asBoolean());
  }

  /** Hosts watched per live node, most first. */
  private List<Integer> watchedHosts() {
    JsonNode cluster =
        second.http().get("/v1/cluster", second.adminToken()).expect(200).json().get("cluster");
    return StreamSupport.stream(cluster.get("nodes").spliterator(), false)
        .filter(node -> node.get("live").asBoolean())
        .map(node -> node.at("/leases/hosts").asInt())
        .sorted(java.util.Comparator.reverseOrder())
        .toList();
  }

  private static String nodeId(TestServer server) {
    JsonNode cluster =
        server.http().get("/v1/cluster", server.adminToken()).expect(200).json().get("cluster");
    return StreamSupport.stream(cluster.get("nodes").spliterator(), false)
        .filter(node -> node.get("self").asBoolean())
        .map(node -> node.get("id").asText())
        .findFirst()
        .orElseThrow();
  }

  private List<String> hostsWatchedBy(String node) throws Exception {
    List<String> hosts = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(storeUrl, TestServer.PG_USER, "");
        PreparedStatement select =
            connection.prepareStatement("SELECT host FROM host_watch WHERE node_id = ?")) {
      select.setString(1, node);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          hosts.add(rows.getString(1));
        }
      }
    }
    return hosts;
  }

  /** Polls until the condition holds; fails after a minute (a bound, not a timing assertion). */
  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened within a minute: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
