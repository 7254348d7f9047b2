package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/events} fed by Prometheus Alertmanager's webhook receiver, in the payload format its
 * documentation gives (version 4), with the default label mapping.
 */
class AlertmanagerIntakeTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One alert in Alertmanager's documented webhook body. */
  private static String webhook(String status, String labels, String endsAt) {
    return """
        {
          "version": "4",
          "groupKey": "{}:{alertname=\\"NodeDown\\"}",
          "truncatedAlerts": 0,
          "status": "%1$s",
          "receiver": "faultline",
          "groupLabels": {"alertname": "NodeDown"},
          "commonLabels": %2$s,
          "commonAnnotations": {"summary": "node is down"},
          "externalURL": "http://alertmanager.example:9093",
          "alerts": [
            {
              "status": "%1$s",
              "labels": %2$s,
              "annotations": {"summary": "node is down"},
              "startsAt": "2026-11-25T08:00:00.123456789Z",
              "endsAt": "%3$s",
              "generatorURL": "http://prometheus.example:9090/graph?g0.expr=up+%%3D%%3D+0",
              "fingerprint": "8f6f2b1c0d3e4a59"
            }
          ]
        }
        """
        .formatted(status, labels, endsAt);
  }

  private static JsonNode post(String body, int status) {
    return server.http().post("/v1/events", server.adminToken(), body).expect(status).json();
  }

  @Test
  void aNodeDownAlertFencesTheHostOfItsInstanceLabelAndItsResolutionLiftsIt() throws Exception {
    server.beat("am-compute-1");
    String labels =
        "{\"alertname\": \"NodeDown\", \"instance\": \"am-compute-1:9100\", \"job\": \"node\","
            + " \"severity\": \"critical\"}";

    JsonNode accepted = post(webhook("firing", labels, "0001-01-01T00:00:00Z"), 202);
    String faultId = accepted.at("/faults/0/fault_id").asText();
    JsonNode fault = FaultWaits.awaitFinished(server, faultId);

    assertThat(fault.get("type").asText()).isEqualTo("compute.host.down");
    assertThat(fault.get("hostname").asText()).isEqualTo("am-compute-1");
    assertThat(fault.get("monitor").asText()).isEqualTo("alertmanager");
    assertThat(fault.get("monitor_event_id").asText()).isEqualTo("8f6f2b1c0d3e4a59");
    assertThat(fault.get("status").asText()).isEqualTo("handled");
    assertThat(fault.at("/timeline/0/at").asText()).isEqualTo("2026-11-25T08:00:00.123456789Z");
    assertThat(MonitorScenarioTest.forcedDown(server, "am-compute-1")).isTrue();

    JsonNode resolved = post(webhook("resolved", labels, "2026-11-25T08:05:00Z"), 202);
    JsonNode up = FaultWaits.awaitFinished(server, resolved.at("/faults/0/fault_id").asText());
    assertThat(up.get("type").asText()).isEqualTo("compute.host.up");
    assertThat(up.get("hostname").asText()).isEqualTo("am-compute-1");
    assertThat(MonitorScenarioTest.forcedDown(server, "am-compute-1")).isFalse();
  }

  @Test
  void aFaultTypeLabelMapsAnyAlertAndTheHostOrNodenameLabelWinsOverInstance() throws Exception {
    server.beat("am-compute-2");
    String labels =
        "{\"alertname\": \"IpmiPowerOff\", \"fault_type\": \"compute.host.down\","
            + " \"nodename\": \"am-compute-2\", \"instance\": \"10.0.0.2:9100\"}";

    JsonNode accepted = post(webhook("firing", labels, "0001-01-01T00:00:00Z"), 202);
    JsonNode fault = FaultWaits.awaitFinished(server, accepted.at("/faults/0/fault_id").asText());

    assertThat(fault.get("hostname").asText()).isEqualTo("am-compute-2");
    assertThat(MonitorScenarioTest.forcedDown(server, "am-compute-2")).isTrue();
  }

  @Test
  void alertsThatAreNoFaultAreAcknowledgedAndChangeNothing() {
    String labels = "{\"alertname\": \"DiskFull\", \"instance\": \"am-compute-3:9100\"}";

    JsonNode answer = post(webhook("firing", labels, "0001-01-01T00:00:00Z"), 200);

    assertThat(answer.get("faults")).isEmpty();
    assertThat(answer.get("skipped_alerts").asInt()).isEqualTo(1);
  }

  @Test
  void badWebhooksAre400sThatSayWhatIsWrong() {
    String noHost = "{\"alertname\": \"NodeDown\", \"job\": \"node\"}";
    assertThat(post(webhook("firing", noHost, "0001-01-01T00:00:00Z"), 400).toString())
        .contains("alerts[0].labels' name no host: set one of host, nodename, instance");

    String badType = "{\"alertname\": \"X\", \"fault_type\": \"disk.full\", \"host\": \"h\"}";
    assertThat(post(webhook("firing", badType, "0001-01-01T00:00:00Z"), 400).toString())
        .contains("alerts[0].labels.fault_type");

    String otherVersion =
        webhook("firing", "{\"alertname\": \"NodeDown\", \"host\": \"h\"}", "x")
            .replace("\"version\": \"4\"", "\"version\": \"3\"");
    assertThat(post(otherVersion, 400).toString()).contains("version must be \\\"4\\\"");
  }

  @Test
  void theInstanceLabelLosesItsPort() {
    assertThat(AlertmanagerRequests.withoutPort("compute-1:9100")).isEqualTo("compute-1");
    assertThat(AlertmanagerRequests.withoutPort("[fd00::1]:9100")).isEqualTo("fd00::1");
    assertThat(AlertmanagerRequests.withoutPort("compute-1")).isEqualTo("compute-1");
  }
}
