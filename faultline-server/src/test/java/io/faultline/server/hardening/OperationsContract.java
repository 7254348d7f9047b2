package io.faultline.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Engine;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.config.AlarmConfig;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.IdentityConfig;
import io.faultline.server.config.ServerConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Settings that protect the service: throttled authentication, readiness, the allowed action
 * targets. A server with small limits, on H2 and on PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperationsContract {
  private TestServer server;

  abstract Engine engine();

  @BeforeAll
  void start() {
    FaultlineConfig base = TestServer.testConfig(engine());
    FaultlineConfig config =
        base.withServer(new ServerConfig("127.0.0.1", 0, null, null, Duration.ofSeconds(2)))
            .withIdentity(
                new IdentityConfig(
                    TestServer.ADMIN_PASSWORD,
                    null,
                    4,
                    null,
                    3,
                    Duration.ofMinutes(10),
                    20,
                    Duration.ofMinutes(10)))
            .withAlarm(new AlarmConfig(null, null, null, List.of("10.0.0.0/8", "*.example.org")));
    server = TestServer.start(config, InstantSource.system());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void livenessAndReadinessAreSeparate() {
    assertThat(server.http().get("/healthz", null).expect(200).json().get("status").asText())
        .isEqualTo("ok");
    assertThat(server.http().get("/readyz", null).expect(200).json().get("status").asText())
        .isEqualTo("ok");
  }

  @Test
  void failedAuthenticationsLockTheUserThenRefuseTheSource() {
    String admin = server.adminToken();
    TestServer.Account account = server.newProjectUser("member");
    for (int i = 0; i < 3; i++) {
      server
          .http()
          .post("/v3/auth/tokens", null, HardeningContract.unscoped(account.userName(), "wrong"))
          .expect(401);
    }
    Reply locked =
        server
            .http()
            .post("/v3/auth/tokens", null, HardeningContract.unscoped(account.userName(), "pw"))
            .expect(401);
    assertThat(locked.body()).contains("locked");
    // Unknown users count against the source, up to its limit of 20 failures.
    for (int i = 0; i < 17; i++) {
      server
          .http()
          .post("/v3/auth/tokens", null, HardeningContract.unscoped("nobody-" + i, "x"))
          .expect(401);
    }
    Reply refused =
        server
            .http()
            .post("/v3/auth/tokens", null, HardeningContract.unscoped("admin", "secret"))
            .expect(429);
    assertThat(refused.header("Retry-After")).isNotBlank();
    // Tokens issued before keep working: the throttle guards issue, not use.
    server.http().get("/v3/projects", admin).expect(200);
  }

  private static String alarm(String action) {
    return """
        {"name": "t", "type": "event", "alarm_actions": ["%s"],
         "event_rule": {"event_type": "compute.instance.update"}}
        """
        .formatted(action);
  }

  @Test
  void alarmActionsMustPointAtAllowedTargets() {
    String admin = server.adminToken();
    int before = server.http().get("/v2/alarms", admin).expect(200).json().size();
    Reply outside =
        server.http().post("/v2/alarms", admin, alarm("http://169.254.169.254/latest")).expect(400);
    assertThat(outside.body()).contains("169.254.169.254").contains("allowed");
    server.http().post("/v2/alarms", admin, alarm("http://127.0.0.1:9/hook")).expect(400);
    assertThat(server.http().get("/v2/alarms", admin).expect(200).json().size()).isEqualTo(before);
    String id =
        server
            .http()
            .post("/v2/alarms", admin, alarm("http://10.1.2.3:8080/hook"))
            .expect(201)
            .json()
            .get("alarm_id")
            .asText();
    server.http().post("/v2/alarms", admin, alarm("http://vnfm.example.org/hook")).expect(201);
    server.http().put("/v2/alarms/" + id, admin, alarm("http://192.0.2.1/hook")).expect(400);
    assertThat(
            server
                .http()
                .get("/v2/alarms/" + id, admin)
                .expect(200)
                .json()
                .at("/alarm_actions/0")
                .asText())
        .isEqualTo("http://10.1.2.3:8080/hook");
  }

  @Test
  void aBodyThatNeverArrivesIs408() throws Exception {
    int port = java.net.URI.create(server.baseUrl()).getPort();
    String status =
        RawHttp.statusLine(
            port,
            "POST /v3/auth/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100",
            "{\"auth\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(status).contains(" 408");
  }
}
