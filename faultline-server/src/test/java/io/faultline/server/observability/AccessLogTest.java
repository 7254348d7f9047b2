package io.faultline.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.demo.FaultLoopBenchCommand;
import io.faultline.server.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The access log, black box: a real server on a loopback port, its access logger captured. A line
 * carries method, route template, status, latency, the request id the response carried, and the
 * token's user and project; the JSON it becomes (through the encoder logback.xml configures) has
 * ISO-8601 timestamps, no null throwable and no escaped slashes. The fault-loop benchmark, which
 * embeds a server, logs no request lines.
 */
class AccessLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Logger access = (Logger) LoggerFactory.getLogger(HttpServer.ACCESS_LOGGER);
  private final ListAppender<ILoggingEvent> captured =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing(); // keeps the MDC of the request's thread
          super.append(event);
        }
      };

  @BeforeEach
  void capture() {
    // On, whatever an earlier test in this JVM did to the root logger.
    access.setLevel(Level.INFO);
    captured.start();
    access.addAppender(captured);
  }

  @AfterEach
  void release() {
    access.detachAppender(captured);
    access.setLevel(null); // the benchmark turns it off for the whole process
  }

  @Test
  void aLineCarriesRouteStatusLatencyRequestIdUserAndProject() throws Exception {
    try (TestServer server = TestServer.start()) {
      server.beat("logged-1");
      Account tenant = server.newProjectUser("member");
      String instance =
          server
              .http()
              .post(
                  "/v2.1/servers",
                  tenant.token(),
                  "{\"server\": {\"name\": \"logged\", \"flavorRef\": \"1\","
                      + " \"imageRef\": \"cirros\", \"networks\": \"none\"}}")
              .expect(202)
              .json()
              .at("/server/id")
              .asText();
      Reply reply = server.http().get("/v2.1/servers/" + instance, tenant.token()).expect(200);
      String requestId = reply.header(HttpServer.REQUEST_ID_HEADER);
      assertThat(requestId).startsWith("req-");

      ILoggingEvent line = lineFor(requestId);
      assertThat(line.getFormattedMessage())
          .startsWith("method=GET route=/v2.1/servers/{server_id} status=200 latency_ms=")
          .contains(" request_id=" + requestId + " ")
          .endsWith(" user=" + tenant.userId() + " project=" + tenant.projectId())
          .doesNotContain(instance)
          .doesNotContain("null");

      JsonNode json = JSON.readTree(encodeAsJson(line));
      assertThat(json.get("method").asText()).isEqualTo("GET");
      assertThat(json.get("route").asText()).isEqualTo("/v2.1/servers/{server_id}");
      assertThat(json.get("status").isInt()).isTrue();
      assertThat(json.get("status").asInt()).isEqualTo(200);
      assertThat(json.get("latency_ms").isNumber()).isTrue();
      assertThat(json.get("latency_ms").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(json.get("request_id").asText()).isEqualTo(requestId);
      assertThat(json.get("user").asText()).isEqualTo(tenant.userId());
      assertThat(json.get("project").asText()).isEqualTo(tenant.projectId());
      assertThat(json.get("level").asText()).isEqualTo("INFO");
      assertThat(json.get("timestamp").asText())
          .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})");
    }
  }

  @Test
  void anUnauthenticatedOrUnmatchedRequestIsLoggedWithoutUserOrRoute() throws Exception {
    try (TestServer server = TestServer.start()) {
      Reply refused = server.http().get("/v2.1/servers", null);
      assertThat(refused.status()).isEqualTo(401);
      ILoggingEvent line = lineFor(refused.header(HttpServer.REQUEST_ID_HEADER));
      assertThat(line.getFormattedMessage())
          .startsWith("method=GET route=/v2.1/servers status=401 ")
          .endsWith(" user=- project=-");

      Reply missing = server.http().get("/no/such/thing", null);
      assertThat(missing.status()).isEqualTo(404);
      String json = encodeAsJson(lineFor(missing.header(HttpServer.REQUEST_ID_HEADER)));
      assertThat(JSON.readTree(json).get("route").asText()).isEqualTo("unmatched");
      // Paths keep their slashes, and a line without an exception has no exception field.
      assertThat(json).doesNotContain("\\/").doesNotContain("throwable").doesNotContain("null");
    }
  }

  @Test
  void theFaultLoopBenchPrintsNoRequestLines() {
    PrintStream original = System.out;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new FaultLoopBenchCommand())
              .execute("--hosts", "1", "--instances-per-host", "1", "--runs", "1", "--warmup", "0");
    } finally {
      System.setOut(original);
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    // The bench built its fleet and failed a host through the embedded server's API, and none of
    // those requests was logged.
    assertThat(printed).contains("1 runs");
    assertThat(captured.list).isEmpty();
  }

  private ILoggingEvent lineFor(String requestId) {
    List<ILoggingEvent> lines =
        captured.list.stream()
            .filter(event -> event.getFormattedMessage().contains("request_id=" + requestId + " "))
            .toList();
    assertThat(lines).as("access lines of %s in %s", requestId, captured.list).hasSize(1);
    return lines.get(0);
  }

  /** The line as the appender of logback.xml writes it: JSON, the default format. */
  @SuppressWarnings("unchecked")
  private static String encodeAsJson(ILoggingEvent event) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> json =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("OUT");
    assertThat(json)
        .as("the tests run with JSON logs: FAULTLINE_LOG_FORMAT unset or json")
        .isNotNull();
    return new String(json.getEncoder().encode(event), StandardCharsets.UTF_8).strip();
  }
}
