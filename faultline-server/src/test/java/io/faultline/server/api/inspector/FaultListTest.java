package io.faultline.server.api.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.cli.CliCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/faults} filters and pages, and {@code faultline faults list|show} uses them. */
class FaultListTest {
  private static TestServer server;
  private static String hostDown;
  private static String portDown;
  private static String otherHostDown;

  @BeforeAll
  static void start() throws InterruptedException {
    server = TestServer.start();
    server.beat("compute-1");
    server.beat("compute-2");
    hostDown = report("compute.host.down", "compute-1", "");
    portDown = report("network.port.down", "compute-1", ", \"port_id\": \"no-such-port\"");
    otherHostDown = report("compute.host.down", "compute-2", "");
    for (String id : List.of(hostDown, portDown, otherHostDown)) {
      FaultWaits.awaitFinished(server, id);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String report(String type, String host, String extra) {
    return server
        .http()
        .put(
            "/v1/events",
            server.adminToken(),
            """
            [{"time": "2026-11-25T08:00:00Z", "type": "%s",
              "details": {"hostname": "%s", "monitor": "list-test"%s}}]
            """
                .formatted(type, host, extra))
        .expect(202)
        .json()
        .at("/faults/0/fault_id")
        .asText();
  }

  private static JsonNode list(String query) {
    return server.http().get("/v1/faults" + query, server.adminToken()).expect(200).json();
  }

  private static List<String> ids(String query) {
    List<String> ids = new ArrayList<>();
    list(query).get("faults").forEach(fault -> ids.add(fault.get("id").asText()));
    return ids;
  }

  @Test
  void filtersSelectByHostTypeStatusAndSince() {
    assertThat(ids("?host=compute-1")).containsExactly(portDown, hostDown);
    assertThat(ids("?type=compute.host.down")).containsExactly(otherHostDown, hostDown);
    assertThat(ids("?host=compute-1&type=network.port.down")).containsExactly(portDown);
    String status =
        server
            .http()
            .get("/v1/faults/" + hostDown, server.adminToken())
            .json()
            .at("/fault/status")
            .asText();
    assertThat(ids("?host=compute-1&status=" + status)).contains(hostDown);
    assertThat(ids("?status=received")).isEmpty();
    assertThat(ids("?since=2000-01-01T00:00:00Z")).hasSize(3);
    assertThat(ids("?since=2999-01-01T00:00:00Z")).isEmpty();
    assertThat(ids("?host=compute-9")).isEmpty();
  }

  @Test
  void pagesFollowTheNextLinkAndKeepTheFilters() {
    JsonNode first = list("?type=compute.host.down&limit=1");
    assertThat(first.at("/faults/0/id").asText()).isEqualTo(otherHostDown);
    String next = first.at("/faults_links/0/href").asText();
    assertThat(next).contains("type=compute.host.down", "limit=1", "marker=" + otherHostDown);
    JsonNode second = list(next.substring(next.indexOf('?')));
    assertThat(second.at("/faults/0/id").asText()).isEqualTo(hostDown);
    String last = second.at("/faults_links/0/href").asText();
    assertThat(list(last.substring(last.indexOf('?'))).get("faults")).isEmpty();
  }

  @Test
  void badFiltersAre400sThatSayWhatIsWrong() {
    Map<String, String> cases =
        Map.of(
            "?status=exploded", "status must be one of",
            "?type=host.gone", "type must be one of",
            "?since=yesterday", "since must be an ISO-8601 instant",
            "?limit=0", "limit must be",
            "?limit=x", "limit must be",
            "?marker=no-such-fault", "marker [no-such-fault] not found",
            "?hostname=compute-1", "unknown query parameter 'hostname'",
            "?host=", "host must not be empty");
    cases.forEach(
        (query, message) ->
            assertThat(
                    server
                        .http()
                        .get("/v1/faults" + query, server.adminToken())
                        .expect(400)
                        .json()
                        .at("/error/message")
                        .asText())
                .as(query)
                .contains(message));
  }

  @Test
  void theCliListsAHostsFaultsAndShowsOne() {
    String url = server.baseUrl();
    CliCapture list =
        CliCapture.run(
            "faults", "list", "--host", "compute-1", "--url", url, "--password", "secret");
    assertThat(list.status()).isZero();
    assertThat(list.out()).contains(hostDown, portDown, "compute.host.down", "compute-1");
    assertThat(list.out()).doesNotContain(otherHostDown, "null");

    CliCapture show =
        CliCapture.run("faults", "show", hostDown, "--url", url, "--password", "secret");
    assertThat(show.status()).isZero();
    assertThat(show.out()).contains(hostDown, "timeline", "T0", "detected").doesNotContain("null");

    CliCapture bad =
        CliCapture.run(
            "faults", "list", "--status", "exploded", "--url", url, "--password", "secret");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("HTTP 400", "status must be one of");
  }
}
