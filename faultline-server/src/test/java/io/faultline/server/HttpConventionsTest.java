package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.TestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
