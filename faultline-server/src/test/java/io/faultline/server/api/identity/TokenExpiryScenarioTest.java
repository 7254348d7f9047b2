package io.faultline.server.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.MutableClock;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.store.JdbiIdentityStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Token lifetime and grant changes, driven by a fake clock. */
class TokenExpiryScenarioTest {
  @Test
  void tokensExpireAfterTheirLifetimeAndArePurged() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    try (TestServer server = TestServer.start(clock)) {
      String token = server.adminToken();
      clock.advance(Duration.ofMinutes(59));
      server.http().get("/v3/projects", token).expect(200);
      clock.advance(Duration.ofMinutes(2));
      server.http().get("/v3/projects", token).expect(401);
      assertThat(server.context().identity().purgeExpiredTokens()).isEqualTo(1);
    }
  }

  @Test
  void aCachedValidationLastsTenSecondsOnTheServersClock() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    try (TestServer server = TestServer.start(clock)) {
      String token = server.adminToken();
      server.http().get("/v3/projects", token).expect(200);
      // Tokens deleted behind the service's back: only the cache still knows this one.
      server
          .context()
          .transactor()
          .run(
              tx ->
                  new JdbiIdentityStore()
                      .deleteTokensExpiredBefore(tx, Instant.parse("2100-01-01T00:00:00Z")));
      clock.advance(Duration.ofSeconds(9));
      server.http().get("/v3/projects", token).expect(200);
      clock.advance(Duration.ofSeconds(2));
      server.http().get("/v3/projects", token).expect(401);
    }
  }

  @Test
  void revokingTheLastGrantInvalidatesTheTokenAtOnce() {
    try (TestServer server = TestServer.start()) {
      Account member = server.newProjectUser("member");
      server.http().get("/v3/projects/" + member.projectId(), member.token()).expect(200);
      String roleId =
          server
              .http()
              .get("/v3/roles?name=member", server.adminToken())
              .json()
              .at("/roles/0/id")
              .asText();
      server
          .http()
          .delete(
              "/v3/projects/"
                  + member.projectId()
                  + "/users/"
                  + member.userId()
                  + "/roles/"
                  + roleId,
              server.adminToken())
          .expect(204);
      server.http().get("/v3/projects/" + member.projectId(), member.token()).expect(401);
    }
  }
}
