package io.faultline.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop ({@code SIGTERM}, as systemd sends) closes the embedded database itself, after the
 * server has finished its work: H2's own close-at-exit must not race it, or the shutdown compaction
 * is skipped and the stores are closed under the draining server.
 */
class CleanStopTest {
  @TempDir Path directory;

  @Test
  void sigtermClosesAndCompactsTheDatabaseItself() throws Exception {
    Path data = directory.resolve("data");
    ServerProcess server = ServerProcess.start(data, "clean-stop");
    try {
      String token = server.token();
      for (int i = 0; i < 20; i++) {
        server
            .send("POST", "/v2.0/networks", token, "{\"network\": {\"name\": \"net-" + i + "\"}}")
            .expect(201);
      }
      // The JVM reports a SIGTERM as 143 whatever its hooks do; the unit file counts it a success.
      assertThat(server.stop()).isEqualTo(143);
      assertThat(server.log())
          .contains("compacted the H2 file at shutdown")
          .doesNotContain("could not compact")
          // logback prints its own status only when its configuration has a problem
          .doesNotContain("|-WARN in ch.qos.logback");
    } finally {
      server.close();
    }
    assertThat(Files.exists(data.resolve("faultline.mv.db"))).isTrue();
    ServerProcess again = ServerProcess.start(data, "clean-stop-again");
    try {
      String networks = again.send("GET", "/v2.0/networks", again.token(), null).expect(200).body();
      assertThat(networks).contains("net-19");
    } finally {
      again.stop();
    }
  }
}
