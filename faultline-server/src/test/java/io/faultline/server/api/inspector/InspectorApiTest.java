package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.bus.Notification;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inspector through its HTTP intake, with real compute and network behind it. */
class InspectorApiTest {
  private static TestServer server;
  private static final List<Notification> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    server.context().bus().subscribe("inspector-test", published::add);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String admin() {
    return server.adminToken();
  }

  private static String server(String name, String host) {
    return server
        .http()
        .post(
            "/v2.1/servers",
            admin(),
            "{\"server\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\","
                + " \"availability_zone\": \"nova:"
                + host
                + "\"}}")
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  private static String port(String network, String host) {
    return server
        .http()
        .post(
            "/v2.0/ports",
            admin(),
            "{\"port\": {\"network_id\": \""
                + network
                + "\", \"binding:host_id\": \""
                + host
                + "\"}}")
        .expect(201)
        .json()
        .at("/port/id")
        .asText();
  }

  private static String network(String name) {
    return server
        .http()
        .post("/v2.0/networks", admin(), "{\"network\": {\"name\": \"" + name + "\"}}")
        .expect(201)
        .json()
        .at("/network/id")
        .asText();
  }

  /** The Doctor sample monitor's exact report. */
  private static String sampleReport(String type, String host) {
    return """
        [{"id": "monitor_sample_id1", "time": "2026-11-25T08:00:00.000000",
          "type": "%s",
          "details": {"hostname": "%s", "status": "down", "monitor": "monitor_sample",
                      "monitor_event_id": "monitor_sample_event1"}}]
        """
        .formatted(type, host);
  }

  private static JsonNode awaitHandled(String faultId) throws InterruptedException {
    return FaultWaits.awaitFinished(server, faultId);
  }

  @Test
  void aHostDownReportStopsItsInstancesAndTakesItsPortsDataPlaneDown() throws Exception {
    server.beat("loop-1");
    server.beat("loop-other");
    List<String> servers =
        List.of(server("a", "loop-1"), server("b", "loop-1"), server("c", "loop-1"));
    String bystander = server("d", "loop-other");
    String network = network("loop-net");
    List<String> ports = List.of(port(network, "loop-1"), port(network, "loop-1"));
    String otherPort = port(network, "loop-other");

    Reply reply =
        server.http().put("/v1/events", admin(), sampleReport("compute.host.down", "loop-1"));
    reply.expect(202);
    String faultId = reply.json().at("/faults/0/fault_id").asText();
    assertThat(reply.header("X-Faultline-Fault-Id")).isEqualTo(faultId);
    JsonNode fault = awaitHandled(faultId);
    assertThat(MonitorScenarioTest.forcedDown(server, "loop-1")).isTrue();

    assertThat(fault.get("status").asText()).isEqualTo("handled");
    assertThat(fault.get("hostname").asText()).isEqualTo("loop-1");
    assertThat(fault.get("monitor_event_id").asText()).isEqualTo("monitor_sample_event1");
    List<String> stages = new ArrayList<>();
    fault.get("timeline").forEach(stage -> stages.add(stage.get("stage").asText()));
    assertThat(stages).containsExactly("T0", "T1", "T2", "T3", "T4");
    assertThat(fault.at("/timeline/0/at").asText()).isEqualTo("2026-11-25T08:00:00Z");
    List<String> instances = new ArrayList<>();
    fault.at("/affected/instances").forEach(id -> instances.add(id.asText()));
    assertThat(instances).containsExactlyInAnyOrderElementsOf(servers);
    List<String> affectedPorts = new ArrayList<>();
    fault.at("/affected/ports").forEach(id -> affectedPorts.add(id.asText()));
    assertThat(affectedPorts).containsExactlyInAnyOrderElementsOf(ports);

    for (String id : servers) {
      JsonNode shown = server.http().get("/v2.1/servers/" + id, admin()).expect(200).json();
      assertThat(shown.at("/server/OS-EXT-STS:vm_state").asText()).isEqualTo("stopped");
      assertThat(shown.at("/server/OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    }
    assertThat(
            server
                .http()
                .get("/v2.1/servers/" + bystander, admin())
                .json()
                .at("/server/OS-EXT-STS:vm_state")
                .asText())
        .isEqualTo("active");
    for (String id : ports) {
      assertThat(
              server
                  .http()
                  .get("/v2.0/ports/" + id, admin())
                  .json()
                  .at("/port/data_plane_status")
                  .asText())
          .isEqualTo("DOWN");
    }
    assertThat(
            server
                .http()
                .get("/v2.0/ports/" + otherPort, admin())
                .json()
                .at("/port/data_plane_status")
                .isNull())
        .isTrue();

    // The bus delivers after publication: wait (bounded) for all eight (3 instances, the
    // service, start and end for 2 ports).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Notification> caused = List.of();
    while (caused.size() < 8 && System.nanoTime() < deadline) {
      Thread.sleep(5);
      caused =
          published.stream()
              .filter(
                  n -> n.cause().map(cause -> cause.faultId().value()).orElse("").equals(faultId))
              .toList();
    }
    assertThat(caused)
        .hasSize(8)
        .extracting(Notification::eventType)
        .contains("compute.instance.update", "service.update", "port.update.end");
    assertThat(caused.stream().filter(n -> n.eventType().equals("compute.instance.update")))
        .hasSize(3);
    // The cause is typed: the inspector's system principal acted, and payloads stay clean.
    assertThat(caused)
        .allSatisfy(
            n -> {
              assertThat(n.cause().orElseThrow().principal()).isEqualTo("faultline-inspector");
              assertThat(n.payload()).doesNotContainKey("fault_id");
            });
  }

  @Test
  void duplicatesMergeAndHostUpLiftsTheForce() throws Exception {
    server.beat("loop-2");
    String network = network("loop-net-2");
    String port = port(network, "loop-2");
    String first =
        server
            .http()
            .put("/v1/events", admin(), sampleReport("compute.host.down", "loop-2"))
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    JsonNode duplicate =
        server
            .http()
            .put("/v1/events", admin(), sampleReport("compute.host.down", "loop-2"))
            .expect(202)
            .json();
    assertThat(duplicate.at("/faults/0/fault_id").asText()).isEqualTo(first);
    assertThat(duplicate.at("/faults/0/merged").asBoolean()).isTrue();
    awaitHandled(first);
    assertThat(
            server.http().get("/v1/faults/" + first, admin()).json().at("/fault/reports").asInt())
        .isEqualTo(2);

    String up =
        server
            .http()
            .post(
                "/v1/events",
                admin(),
                "{\"event\": {\"time\": \"2026-11-25T08:01:00Z\", \"type\": \"compute.host.up\","
                    + " \"details\": {\"hostname\": \"loop-2\", \"monitor\": \"m\"}}}")
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    awaitHandled(up);
    assertThat(MonitorScenarioTest.forcedDown(server, "loop-2")).isFalse();
    assertThat(
            server
                .http()
                .get("/v2.0/ports/" + port, admin())
                .json()
                .at("/port/data_plane_status")
                .asText())
        .isEqualTo("ACTIVE");
    JsonNode faults = server.http().get("/v1/faults?limit=50", admin()).expect(200).json();
    List<String> ids = new ArrayList<>();
    faults.get("faults").forEach(f -> ids.add(f.get("id").asText()));
    assertThat(ids).contains(first, up);
  }

  @Test
  void onlyAdminsAndMonitorsReportAndNothingChangesOtherwise() {
    server.beat("loop-3");
    Account member = server.newProjectUser("member");
    server
        .http()
        .put("/v1/events", member.token(), sampleReport("compute.host.down", "loop-3"))
        .expect(403);
    server.http().get("/v1/faults", member.token()).expect(403);
    server.http().put("/v1/events", null, sampleReport("compute.host.down", "loop-3")).expect(401);
    assertThat(MonitorScenarioTest.forcedDown(server, "loop-3")).isFalse();

    Account monitor = server.newProjectUser("monitor");
    server
        .http()
        .put("/v1/events", monitor.token(), sampleReport("compute.host.up", "loop-3"))
        .expect(202);
  }

  @Test
  void badReportsAre400sNamingTheProblem() {
    Map<String, String> cases =
        Map.of(
            "[]", "empty",
            "{}", "list of events",
            "[{\"type\": \"compute.host.exploded\", \"time\": \"2026-01-01T00:00:00\", \"details\": {\"hostname\": \"h\"}}]",
                "compute.host.exploded",
            "[{\"type\": \"compute.host.down\", \"time\": \"yesterday\", \"details\": {\"hostname\": \"h\"}}]",
                "events[0].time",
            "[{\"type\": \"compute.host.down\", \"time\": \"2026-01-01T00:00:00\"}]", "details",
            "[{\"type\": \"compute.host.down\", \"time\": \"2026-01-01T00:00:00\", \"details\": {}}]",
                "hostname",
            "[{\"type\": \"network.port.down\", \"time\": \"2026-01-01T00:00:00\", \"details\": {\"hostname\": \"h\"}}]",
                "port_id",
            "[42]", "events[0]",
            "{\"events\": {}}", "must be a list");
    cases.forEach(
        (body, expected) -> {
          Reply reply = server.http().put("/v1/events", admin(), body).expect(400);
          assertThat(reply.json().at("/error/message").asText()).as(body).contains(expected);
        });
    server.http().get("/v1/faults/no-such-fault", admin()).expect(404);
    server.http().get("/v1/faults?limit=0", admin()).expect(400);
  }
}
