package io.faultline.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.ServerProcess;
import io.faultline.server.wiring.InspectorComponent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook whose delivery is durable but not acknowledged survives a {@code kill -9}. The consumer
 * holds every response while the first server process runs, so that the fault's deliveries are
 * stored and either in flight (the requests it holds) or still queued behind them (the connection
 * pool to one consumer is bounded), and none is acknowledged; the outbox batch that caused them has
 * already left, so only the stored deliveries can bring them back. The server is killed, restarted
 * on the same data, and the consumer now answers at once: every alarm's webhook arrives, and the
 * ones the consumer saw before the kill arrive again with the same delivery id.
 */
class KillWithDeliveriesInFlightTest {
  private static final int INSTANCES = 12;
  private static final String HOST = "held-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Alarm id → the delivery ids its webhooks carried, before the kill and after the restart. */
  private final Map<String, Set<String>> heldByAlarm = new ConcurrentHashMap<>();

  private final Map<String, Set<String>> answeredByAlarm = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean holding = true;
  private Path root;
  private HttpServer consumer;
  private ExecutorService consumerThreads;

  @BeforeEach
  void startConsumer() throws IOException {
    root = Files.createTempDirectory("faultline-held");
    consumerThreads = Executors.newFixedThreadPool(INSTANCES + 4);
    consumer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    consumer.setExecutor(consumerThreads);
    consumer.createContext(
        "/vnfm",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          String alarm = body.get("alarm_id").asText();
          String delivery = exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id");
          if (holding) {
            heldByAlarm.computeIfAbsent(alarm, id -> ConcurrentHashMap.newKeySet()).add(delivery);
            try {
              release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            // The server that sent it is gone by now: this answer reaches nobody.
            exchange.close();
            return;
          }
          answeredByAlarm.computeIfAbsent(alarm, id -> ConcurrentHashMap.newKeySet()).add(delivery);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    consumer.start();
  }

  @AfterEach
  void cleanUp() throws IOException {
    release.countDown();
    consumer.stop(0);
    consumerThreads.shutdownNow();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void deliveriesStoredButNotAcknowledgedAreSentAgainWithTheirIdsAfterAKill() throws Exception {
    Path data = root.resolve("data");
    Map<String, String> alarmByInstance;
    try (ServerProcess first = ServerProcess.start(data, "held-first")) {
      String admin = first.token();
      alarmByInstance = build(first, admin);
      first.send("PUT", "/v1/events", admin, rawFault()).expect(202);
      // Webhooks leave only once their delivery rows are durable, so once the consumer holds one,
      // the fault's deliveries are stored; none is acknowledged while it holds them.
      awaitHeld("before the kill");
      first.kill();
    }
    Map<String, Set<String>> heldBeforeKill = answerFromNowOn();

    try (ServerProcess second = ServerProcess.start(data, "held-second")) {
      awaitEveryWebhook(alarmByInstance.values(), "held");
      assertThat(answeredByAlarm.values())
          .as("one delivery id per alarm after the restart")
          .allSatisfy(ids -> assertThat(ids).hasSize(1));
      heldBeforeKill.forEach(
          (alarm, ids) ->
              assertThat(answeredByAlarm.get(alarm))
                  .as("alarm %s's webhook after the restart carries the id it had before", alarm)
                  .isEqualTo(ids));
      // Acknowledged now: the deliveries are recorded as sent, each in its alarm's history.
      assertOneDeliverySentEach(second, second.token(), alarmByInstance.values());
      second.stop();
    }
  }

  /**
   * The process dies after a fault's alarm transitions and deliveries are durable and its first
   * webhook has left, but before the fault's record says it is handled: the restart handles the
   * fault again. Every alarm's webhook arrives, and every webhook of one alarm, before the crash
   * and after, carries one delivery id: the fault handled again makes no new delivery.
   */
  @Test
  void aFaultHandledAgainAfterACrashBeforeItsRecordSendsNoNewDeliveryId() throws Exception {
    Path data = root.resolve("data");
    Path halt = root.resolve("halt");
    Map<String, String> alarmByInstance;
    try (ServerProcess first =
        ServerProcess.start(
            data,
            "held-unrecorded-first",
            "monitor:\n  enabled: false\n",
            List.of("-D" + InspectorComponent.HALT_BEFORE_FAULT_RECORD + "=" + halt))) {
      String admin = first.token();
      alarmByInstance = build(first, admin);
      first.send("PUT", "/v1/events", admin, rawFault()).expect(202);
      // Webhooks leave only once the fault's deliveries are all durable (one commit), so once the
      // consumer holds one, they are; the fault waits before its record until the file exists.
      awaitHeld("before the crash");
      Files.createFile(halt);
      assertThat(first.awaitExit()).as("the crash point's exit status").isEqualTo(137);
    }
    Map<String, Set<String>> heldBeforeCrash = answerFromNowOn();

    try (ServerProcess second = ServerProcess.start(data, "held-unrecorded-second")) {
      String token = second.token();
      // The fault is handled again to its end: every webhook it could cause has been made.
      JsonNode fault = waitForHandled(second, token);
      assertThat(fault.get("status").asText())
          .as("the fault after the restart")
          .isEqualTo("handled");
      awaitEveryWebhook(alarmByInstance.values(), "held-unrecorded");
      Map<String, Set<String>> all = new HashMap<>();
      heldBeforeCrash.forEach(
          (alarm, ids) -> all.computeIfAbsent(alarm, a -> new HashSet<>()).addAll(ids));
      answeredByAlarm.forEach(
          (alarm, ids) -> all.computeIfAbsent(alarm, a -> new HashSet<>()).addAll(ids));
      assertThat(all)
          .as("delivery ids per alarm, before the crash and after the restart")
          .allSatisfy((alarm, ids) -> assertThat(ids).as("alarm %s", alarm).hasSize(1));
      // One delivery per alarm, sent: handling the fault again stored no other.
      assertOneDeliverySentEach(second, token, alarmByInstance.values());
      second.stop();
    }
  }

  /**
   * Waits until the consumer holds a webhook of the first server process; fails if it never does.
   */
  private void awaitHeld(String when) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (heldByAlarm.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(heldByAlarm).as("webhooks the consumer holds " + when).isNotEmpty();
  }

  /**
   * The consumer answers every webhook from now on, and lets go of those it holds (the process they
   * came from is gone); returns the delivery ids it held, by alarm.
   */
  private Map<String, Set<String>> answerFromNowOn() {
    Map<String, Set<String>> held = new HashMap<>(heldByAlarm);
    holding = false;
    release.countDown();
    return held;
  }

  /** Waits for a webhook of every alarm after the restart; fails naming what did not arrive. */
  private void awaitEveryWebhook(Collection<String> alarms, String logs)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (answeredByAlarm.size() < alarms.size() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(answeredByAlarm.keySet())
        .as("alarms whose webhook arrived after the restart; see target/server-%s-*.log", logs)
        .containsExactlyInAnyOrderElementsOf(alarms);
  }

  /** Every alarm's history records one delivery, sent. */
  private static void assertOneDeliverySentEach(
      ServerProcess server, String token, Collection<String> alarms) throws Exception {
    for (String alarm : alarms) {
      assertThat(awaitDeliveryOutcomes(server, token, alarm))
          .as("alarm %s's delivery outcomes", alarm)
          .containsExactly("sent");
    }
  }

  /** The one fault of the test once its record is final. */
  private static JsonNode waitForHandled(ServerProcess server, String token) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode fault = faultOf(server, token);
    while (fault.get("status").asText().matches("received|fencing")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      fault = faultOf(server, token);
    }
    return fault;
  }

  private static JsonNode faultOf(ServerProcess server, String token) throws Exception {
    JsonNode faults = server.send("GET", "/v1/faults", token, null).expect(200).json();
    assertThat(faults.get("faults")).as("faults").hasSize(1);
    return faults.get("faults").get(0);
  }

  /** The alarm's delivery outcomes once it has one. */
  private static List<String> awaitDeliveryOutcomes(
      ServerProcess server, String token, String alarm) throws Exception {
    List<String> outcomes = deliveryOutcomes(server, token, alarm);
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outcomes.isEmpty() && System.nanoTime() < waitUntil) {
      Thread.sleep(50);
      outcomes = deliveryOutcomes(server, token, alarm);
    }
    return outcomes;
  }

  private static List<String> deliveryOutcomes(ServerProcess server, String token, String alarm)
      throws Exception {
    JsonNode history =
        server.send("GET", "/v2/alarms/" + alarm + "/history", token, null).expect(200).json();
    return Stream.of(history)
        .flatMap(node -> java.util.stream.StreamSupport.stream(node.spliterator(), false))
        .filter(entry -> entry.get("type").asText().equals("delivery"))
        .map(entry -> readDetail(entry).get("outcome").asText())
        .toList();
  }

  private static JsonNode readDetail(JsonNode entry) {
    try {
      return JSON.readTree(entry.get("detail").asText());
    } catch (IOException e) {
      throw new AssertionError("unreadable history detail: " + entry, e);
    }
  }

  private static String rawFault() {
    return """
        [{"time": "2026-11-25T08:00:00.000000", "type": "compute.host.down",
          "details": {"hostname": "%s", "status": "down", "monitor": "test",
                      "monitor_event_id": "held"}}]
        """
        .formatted(HOST);
  }

  /** A host with instances, each with an event alarm calling the consumer; instance → alarm. */
  private Map<String, String> build(ServerProcess server, String admin) throws Exception {
    server.prepareHost(admin, HOST);
    String hook = "http://127.0.0.1:" + consumer.getAddress().getPort() + "/vnfm";
    Map<String, String> alarms = new HashMap<>();
    for (int i = 0; i < INSTANCES; i++) {
      String instance =
          server
              .send(
                  "POST",
                  "/v2.1/servers",
                  admin,
                  "{\"server\": {\"name\": \"vnf-"
                      + i
                      + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                      + " \"networks\": \"none\", \"availability_zone\": \"nova:"
                      + HOST
                      + "\"}}")
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
      alarms.put(
          instance,
          server
              .send("POST", "/v2/alarms", admin, alarm)
              .expect(201)
              .json()
              .at("/alarm_id")
              .asText());
    }
    return alarms;
  }
}
