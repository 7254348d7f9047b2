package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every form of host-down report is a fault: Nova's force-down (2.11) and service update (2.53),
 * the seed's os-hosts {@code host_down_reported} (what {@code faultline host down} sends) and a raw
 * fault each give one fault record with its timeline, the instances stopped and the ports' data
 * plane DOWN; a repeat merges; each form's "up" reverses it. Hosts in maintenance are never fenced.
 */
class ReportFormsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String admin() {
    return server.adminToken();
  }

  private static Reply send(String method, String path, String version, String body) {
    return server
        .http()
        .send(
            method,
            path,
            admin(),
            body,
            version == null ? Map.of() : Map.of("X-OpenStack-Nova-API-Version", version));
  }

  /** A host with one server and one port bound to it; returns {server id, port id}. */
  private static List<String> host(String host) {
    server.beat(host);
    String vm =
        server
            .http()
            .post(
                "/v2.1/servers",
                admin(),
                "{\"server\": {\"name\": \"vm-%s\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\", \"availability_zone\": \"nova:%s\"}}"
                    .formatted(host, host))
            .expect(202)
            .json()
            .at("/server/id")
            .asText();
    String network =
        server
            .http()
            .post("/v2.0/networks", admin(), "{\"network\": {\"name\": \"n-" + host + "\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    String port =
        server
            .http()
            .post(
                "/v2.0/ports",
                admin(),
                "{\"port\": {\"network_id\": \"%s\", \"binding:host_id\": \"%s\"}}"
                    .formatted(network, host))
            .expect(201)
            .json()
            .at("/port/id")
            .asText();
    return List.of(vm, port);
  }

  private static List<JsonNode> faultsOf(String host) {
    List<JsonNode> found = new ArrayList<>();
    server
        .http()
        .get("/v1/faults?limit=1000", admin())
        .expect(200)
        .json()
        .get("faults")
        .forEach(
            fault -> {
              if (fault.get("hostname").asText().equals(host)) {
                found.add(fault);
              }
            });
    return found;
  }

  private static JsonNode onlyFault(String host, String type) {
    List<JsonNode> faults =
        faultsOf(host).stream().filter(f -> f.get("type").asText().equals(type)).toList();
    assertThat(faults).as("%s faults about %s", type, host).hasSize(1);
    return faults.get(0);
  }

  private static String vmState(String vm) {
    return server
        .http()
        .get("/v2.1/servers/" + vm, admin())
        .expect(200)
        .json()
        .at("/server/OS-EXT-STS:vm_state")
        .asText();
  }

  private static String dataPlane(String port) {
    return server
        .http()
        .get("/v2.0/ports/" + port, admin())
        .expect(200)
        .json()
        .at("/port/data_plane_status")
        .asText();
  }

  private static List<String> stages(JsonNode fault) {
    List<String> stages = new ArrayList<>();
    fault.get("timeline").forEach(stage -> stages.add(stage.get("stage").asText()));
    return stages;
  }

  private static String serviceId(String host) {
    return send("GET", "/v2.1/os-services?host=" + host, "2.53", null)
        .expect(200)
        .json()
        .at("/services/0/id")
        .asText();
  }

  /** One report form: how to say the host is down, and up again. */
  private record Form(String name, Function<String, Reply> down, Function<String, Reply> up) {}

  private static final List<Form> FORMS =
      List.of(
          new Form(
              "nova-2.11-force-down",
              host ->
                  send(
                      "PUT",
                      "/v2.1/os-services/force-down",
                      "2.11",
                      "{\"host\": \"%s\", \"binary\": \"nova-compute\", \"forced_down\": true}"
                          .formatted(host)),
              host ->
                  send(
                      "PUT",
                      "/v2.1/os-services/force-down",
                      "2.11",
                      "{\"host\": \"%s\", \"binary\": \"nova-compute\", \"forced_down\": false}"
                          .formatted(host))),
          new Form(
              "nova-2.53-service-update",
              host ->
                  send(
                      "PUT",
                      "/v2.1/os-services/" + serviceId(host),
                      "2.53",
                      "{\"forced_down\": true}"),
              host ->
                  send(
                      "PUT",
                      "/v2.1/os-services/" + serviceId(host),
                      "2.53",
                      "{\"forced_down\": false}")),
          new Form(
              "os-hosts",
              host -> send("PUT", "/v2.1/os-hosts/" + host, null, "{\"host_down_reported\": true}"),
              host ->
                  send("PUT", "/v2.1/os-hosts/" + host, null, "{\"host_down_reported\": false}")));

  @Test
  void everyHandFormIsOneFaultWithItsTimelineAndUpReversesIt() {
    for (Form form : FORMS) {
      String host = "form-" + form.name();
      List<String> resources = host(host);
      String vm = resources.get(0);
      String port = resources.get(1);

      form.down().apply(host).expect(200);
      // The API answers once the fault is handled: no wait needed.
      JsonNode fault = onlyFault(host, "compute.host.down");
      assertThat(fault.get("status").asText()).as(form.name()).isEqualTo("handled");
      assertThat(fault.get("monitor").asText()).startsWith("operator:");
      assertThat(stages(fault)).as(form.name()).containsExactly("T0", "T1", "T2", "T3", "T4");
      assertThat(fault.at("/affected/instances/0").asText()).isEqualTo(vm);
      assertThat(fault.at("/affected/ports/0").asText()).isEqualTo(port);
      assertThat(vmState(vm)).as(form.name()).isEqualTo("stopped");
      assertThat(dataPlane(port)).as(form.name()).isEqualTo("DOWN");

      form.down().apply(host).expect(200);
      assertThat(onlyFault(host, "compute.host.down").get("reports").asInt())
          .as("a repeat merges: " + form.name())
          .isEqualTo(2);

      form.up().apply(host).expect(200);
      JsonNode up = onlyFault(host, "compute.host.up");
      assertThat(up.get("status").asText()).isEqualTo("handled");
      assertThat(dataPlane(port)).as(form.name()).isEqualTo("ACTIVE");
      assertThat(
              send("GET", "/v2.1/os-services?host=" + host, "2.11", null)
                  .expect(200)
                  .json()
                  .at("/services/0/forced_down")
                  .asBoolean())
          .isFalse();
    }
  }

  @Test
  void aRawFaultAndAHandReportAreTheSameFault() throws Exception {
    String host = "form-raw";
    List<String> resources = host(host);
    String raw =
        """
        [{"time": "2026-11-25T08:00:00.000000", "type": "compute.host.down",
          "details": {"hostname": "%s", "status": "down", "monitor": "m", "monitor_event_id": "e"}}]
        """
            .formatted(host);
    String id =
        server
            .http()
            .put("/v1/events", admin(), raw)
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    FaultWaits.awaitFinished(server, id);
    // The operator's report of the same host merges into the monitor's fault.
    send("PUT", "/v2.1/os-hosts/" + host, null, "{\"host_down_reported\": true}").expect(200);
    JsonNode fault = onlyFault(host, "compute.host.down");
    assertThat(fault.get("id").asText()).isEqualTo(id);
    assertThat(fault.get("reports").asInt()).isEqualTo(2);
    assertThat(vmState(resources.get(0))).isEqualTo("stopped");
    assertThat(dataPlane(resources.get(1))).isEqualTo("DOWN");
  }

  @Test
  void aHostInMaintenanceIsNeverFencedAndItsReportsAreRecordedAndIgnored() throws Exception {
    String host = "maint-1";
    List<String> resources = host(host);
    JsonNode on =
        server
            .http()
            .put(
                "/v1/hosts/" + host + "/maintenance",
                admin(),
                "{\"maintenance\": true, \"reason\": \"disk swap\"}")
            .expect(200)
            .json();
    assertThat(on.at("/host/maintenance").asBoolean()).isTrue();
    assertThat(on.at("/host/status").asText()).isEqualTo("disabled");
    assertThat(onlyFault(host, "host.maintenance.on").get("message").asText())
        .contains("disk swap");

    String raw =
        """
        [{"time": "2026-11-25T08:00:00.000000", "type": "compute.host.down",
          "details": {"hostname": "%s", "status": "down", "monitor": "m"}}]
        """
            .formatted(host);
    String id =
        server
            .http()
            .put("/v1/events", admin(), raw)
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    JsonNode ignored = FaultWaits.awaitFinished(server, id);
    assertThat(ignored.get("status").asText()).isEqualTo("ignored");
    assertThat(ignored.get("message").asText()).contains("maintenance", "disk swap");
    assertThat(vmState(resources.get(0))).isEqualTo("active");
    assertThat(dataPlane(resources.get(1))).isEqualTo("null");
    // The operator's hand report is refused, saying why, and changes nothing.
    Reply refused =
        send("PUT", "/v2.1/os-hosts/" + host, null, "{\"host_down_reported\": true}").expect(409);
    assertThat(refused.body()).contains("maintenance");
    assertThat(vmState(resources.get(0))).isEqualTo("active");

    JsonNode off =
        server
            .http()
            .put("/v1/hosts/" + host + "/maintenance", admin(), "{\"maintenance\": false}")
            .expect(200)
            .json();
    assertThat(off.at("/host/maintenance").asBoolean()).isFalse();
    assertThat(onlyFault(host, "host.maintenance.off").get("status").asText()).isEqualTo("handled");
  }

  @Test
  void anExpiredMaintenanceWindowEndsByItself() throws Exception {
    String host = "maint-2";
    host(host);
    String until = Instant.now().plusSeconds(2).toString();
    server
        .http()
        .put(
            "/v1/hosts/" + host + "/maintenance",
            admin(),
            "{\"maintenance\": true, \"until\": \"" + until + "\"}")
        .expect(200);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String status = "disabled";
    while (!status.equals("enabled") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status =
          send("GET", "/v2.1/os-services?host=" + host, "2.11", null)
              .expect(200)
              .json()
              .at("/services/0/status")
              .asText();
    }
    assertThat(status).isEqualTo("enabled");
    assertThat(onlyFault(host, "host.maintenance.off").get("message").asText())
        .contains("window ended");
  }

  @Test
  void maintenanceIsForAdminsAndBadInputIsA400() {
    server.beat("maint-3");
    TestServer.Account member = server.newProjectUser("member");
    server
        .http()
        .put("/v1/hosts/maint-3/maintenance", member.token(), "{\"maintenance\": true}")
        .expect(403);
    server
        .http()
        .put(
            "/v1/hosts/maint-3/maintenance",
            admin(),
            "{\"maintenance\": true, \"until\": \"tomorrow\"}")
        .expect(400);
    server
        .http()
        .put(
            "/v1/hosts/maint-3/maintenance",
            admin(),
            "{\"maintenance\": true, \"until\": \"2000-01-01T00:00:00Z\"}")
        .expect(400);
    server.http().put("/v1/hosts/maint-3/maintenance", admin(), "{\"color\": 1}").expect(400);
    server
        .http()
        .put("/v1/hosts/nowhere/maintenance", admin(), "{\"maintenance\": true}")
        .expect(404);
    assertThat(faultsOf("maint-3")).isEmpty();
  }
}
