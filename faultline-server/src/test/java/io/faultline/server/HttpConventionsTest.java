package io.faultline.server;

import static io.faultline.server.http.HttpServer.REQUEST_ID_HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Conventions every API shares: request ids, health, metrics, fault shapes, body limits. */
class HttpConventionsTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyResponseHasARequestId() {
    Reply ok = server.http().get("/healthz", null).expect(200);
    Reply missing = server.http().get("/no/such/thing", null).expect(404);
    assertThat(ok.header("X-Openstack-Request-Id")).startsWith("req-");
    assertThat(missing.header("X-Openstack-Request-Id"))
        .startsWith("req-")
        .isNotEqualTo(ok.header("X-Openstack-Request-Id"));
  }

  @Test
  void anInboundRequestIdIsLoggedAsTheGlobalRequestIdAsOsloMiddlewareDoes() {
    Logger logger = (Logger) LoggerFactory.getLogger(HttpServer.ACCESS_LOGGER);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      String global = "req-" + UUID.randomUUID();
      Reply reply =
          server.http().send("GET", "/healthz", null, null, Map.of(REQUEST_ID_HEADER, global));
      reply.expect(200);
      String local = reply.header(REQUEST_ID_HEADER);
      assertThat(local).startsWith("req-").isNotEqualTo(global);
      server
          .http()
          .send("GET", "/healthz", null, null, Map.of(REQUEST_ID_HEADER, "not-a-request-id"))
          .expect(200);
      List<ILoggingEvent> events = List.copyOf(appender.list);
      ILoggingEvent first =
          events.stream()
              .filter(e -> local.equals(e.getMDCPropertyMap().get("request_id")))
              .findFirst()
              .orElseThrow();
      assertThat(first.getMDCPropertyMap()).containsEntry("global_request_id", global);
      assertThat(first.getFormattedMessage()).contains(" request_id=" + local + " ");
      assertThat(events)
          .filteredOn(e -> !local.equals(e.getMDCPropertyMap().get("request_id")))
          .allSatisfy(
              e -> assertThat(e.getMDCPropertyMap()).doesNotContainKey("global_request_id"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void unknownRoutesAnswerInTheirServicesFaultShape() {
    assertThat(
            server
                .http()
                .get("/v2.1/nowhere", server.adminToken())
                .expect(404)
                .json()
                .has("itemNotFound"))
        .isTrue();
    assertThat(
            server
                .http()
                .get("/v2.0/nowhere", server.adminToken())
                .expect(404)
                .json()
                .has("NeutronError"))
        .isTrue();
    assertThat(
            server
                .http()
                .get("/v2/nowhere", server.adminToken())
                .expect(404)
                .json()
                .has("error_message"))
        .isTrue();
    assertThat(
            server
                .http()
                .get("/v3/nowhere", server.adminToken())
                .expect(404)
                .json()
                .at("/error/code")
                .asInt())
        .isEqualTo(404);
  }

  @Test
  void eachServicesFaultHasItsExactKeys() {
    JsonNode nova = fault("/v2.1/nowhere");
    assertThat(keys(nova)).containsExactly("itemNotFound");
    assertThat(keys(nova.get("itemNotFound"))).containsExactly("code", "message");
    JsonNode neutron = fault("/v2.0/nowhere");
    assertThat(keys(neutron)).containsExactly("NeutronError");
    assertThat(keys(neutron.get("NeutronError"))).containsExactly("type", "message", "detail");
    assertThat(neutron.at("/NeutronError/type").asText()).isEqualTo("HTTPNotFound");
    JsonNode aodh = fault("/v2/nowhere");
    assertThat(keys(aodh)).containsExactly("error_message");
    assertThat(keys(aodh.get("error_message")))
        .containsExactly("faultcode", "faultstring", "debuginfo");
    assertThat(aodh.at("/error_message/faultcode").asText()).isEqualTo("Client");
    assertThat(aodh.at("/error_message/debuginfo").isNull()).isTrue();
    JsonNode keystone = fault("/v3/nowhere");
    assertThat(keys(keystone)).containsExactly("error");
    assertThat(keys(keystone.get("error"))).containsExactly("code", "message", "title");
    assertThat(keystone.at("/error/title").asText()).isEqualTo("Not Found");
    JsonNode own = fault("/v1/nowhere");
    assertThat(keys(own)).containsExactly("error");
    assertThat(keys(own.get("error"))).containsExactly("code", "title", "message");
    assertThat(own.at("/error/code").isInt()).isTrue();
  }

  private static JsonNode fault(String path) {
    return server.http().get(path, server.adminToken()).expect(404).json();
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void wrongMethodIs405() {
    server
        .http()
        .send("PUT", "/v3/auth/tokens", server.adminToken(), "{}", java.util.Map.of())
        .expect(405);
  }

  @Test
  void oversizeBodiesAreRefusedWith413() {
    String huge = "{\"project\": {\"name\": \"" + "x".repeat(2_000_000) + "\"}}";
    Reply reply = server.http().post("/v3/projects", server.adminToken(), huge);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body()).doesNotContain("at io.").doesNotContain("Exception");
  }

  @Test
  void metricsCountRequestsPerRoute() {
    server.http().get("/v3", null).expect(200);
    Reply metrics = server.http().get("/metrics", null).expect(200);
    assertThat(metrics.body())
        .contains("faultline_http_requests_seconds_count")
        .contains("route=\"/v3\"");
  }

  @Test
  void malformedRequestsNeverProduceA500() {
    String[] tokenBodies = {
      "",
      "null",
      "\"x\"",
      "{\"auth\": null}",
      "{\"auth\": {\"identity\": {\"methods\": \"password\"}}}",
      "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"password\": 1}}}}}",
      "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\", \"password\": \"x\"}}}}}",
      "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"id\": \"\", \"password\": \"x\"}}}}}",
      "{\"auth\": {\"identity\": {\"methods\": [\"token\"]}}}",
      "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"id\": \"x\", \"password\": \"x\"}}}, \"scope\": {\"domain\": {\"id\": \"default\"}}}}",
    };
    for (String body : tokenBodies) {
      Reply reply = server.http().post("/v3/auth/tokens", null, body);
      assertThat(reply.status())
          .as("POST /v3/auth/tokens %s -> %s", body, reply.body())
          .isBetween(400, 499);
    }
    String admin = server.adminToken();
    for (String path :
        new String[] {
          "/v3/users/%20",
          "/v3/projects/%00",
          "/v3/projects/" + "a".repeat(3000),
          "/v3/role_assignments?user.id=",
          "/v3/projects/x/users/y/roles/z",
          "/v3/domains/%20"
        }) {
      Reply reply = server.http().get(path, admin);
      assertThat(reply.status()).as("GET %s -> %s", path, reply.body()).isBetween(200, 499);
      assertThat(reply.body()).doesNotContain("Exception");
    }
  }
}
