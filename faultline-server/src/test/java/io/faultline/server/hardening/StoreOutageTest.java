package io.faultline.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.StoreConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under a running server (PostgreSQL behind a proxy that is cut): the server
 * stays alive, says it is not ready, answers 503 with a retry hint within the store timeout instead
 * of a 500 or a 30-second hang, and recovers by itself once the database is back.
 */
class StoreOutageTest {
  @Test
  void anUnreachableStoreIs503AndRecoveryIsAutomatic() throws Exception {
    try (TcpProxy proxy = new TcpProxy(5432)) {
      String url =
          TestServer.postgresSchemaUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test");
      FaultlineConfig base = TestServer.testConfig();
      FaultlineConfig config =
          base.withStore(new StoreConfig(null, url, TestServer.PG_USER, null, 4, 2));
      try (TestServer server = TestServer.start(config, InstantSource.system())) {
        String admin = server.adminToken();
        server.http().get("/v3/projects", admin).expect(200);
        server.http().get("/readyz", null).expect(200);

        proxy.cut();

        server.http().get("/healthz", null).expect(200);
        Reply ready = server.http().get("/readyz", null).expect(503);
        assertThat(ready.header("Retry-After")).isNotBlank();
        Reply api = server.http().get("/v3/projects", admin).expect(503);
        assertThat(api.header("Retry-After")).isNotBlank();
        assertThat(api.body()).contains("retry").doesNotContain("Exception");
        Reply token =
            server
                .http()
                .post("/v3/auth/tokens", null, HardeningContract.unscoped("admin", "secret"))
                .expect(503);
        assertThat(token.body()).doesNotContain("Exception");

        proxy.restore();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        int status = 0;
        while (Instant.now().isBefore(deadline)) {
          status = server.http().get("/readyz", null).status();
          if (status == 200) {
            break;
          }
          Thread.sleep(200);
        }
        assertThat(status).as("ready again after the database came back").isEqualTo(200);
        server.http().get("/v3/projects", admin).expect(200);
        server
            .http()
            .post("/v3/auth/tokens", null, HardeningContract.unscoped("admin", "secret"))
            .expect(201);
      }
    }
  }
}
