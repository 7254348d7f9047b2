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
 * is skipped and the stores are closed under the draining server. The stop reports no error, in the
 * server's log or in H2's trace file, and leaves the file compacted.
 */
class CleanStopTest {
  @TempDir Path directory;

  @Test
  void sigtermClosesAndCompactsTheDatabaseItselfWithoutAnError() throws Exception {
    Path data = directory.resolve("data");
    Path file = data.resolve("faultline.mv.db");
    ServerProcess server = ServerProcess.start(data, "clean-stop");
    long sizeWhileServing;
    try {
      String token = server.token();
      // Churn, as a serving node sees it: the file grows by a chunk a commit, deleted rows too.
      for (int i = 0; i < 40; i++) {
        String id =
            server
                .send(
                    "POST", "/v2.0/networks", token, "{\"network\": {\"name\": \"net-" + i + "\"}}")
                .expect(201)
                .json()
                .path("network")
                .path("id")
                .asText();
        if (i < 20) {
          server.send("DELETE", "/v2.0/networks/" + id, token, null).expect(204);
        }
      }
      sizeWhileServing = Files.size(file);
      // The JVM reports a SIGTERM as 143 whatever its hooks do; the unit file counts it a success.
      assertThat(server.stop()).isEqualTo(143);
      assertThat(server.log())
          .contains("compacted the H2 file at shutdown")
          .doesNotContain("could not compact")
          .doesNotContain("ERROR")
          .doesNotContain("Exception")
          .doesNotContain("\tat ")
          // logback prints its own status only when its configuration has a problem
          .doesNotContain("|-WARN in ch.qos.logback");
    } finally {
      server.close();
    }
    // H2 writes the errors it sees (a statement on a database it already closed, say) to a trace
    // file beside the database, not to the server's log.
    Path trace = data.resolve("faultline.trace.db");
    assertThat(Files.exists(trace) ? Files.readString(trace) : "").isEmpty();
    assertThat(Files.size(file)).isLessThan(sizeWhileServing);
    ServerProcess again = ServerProcess.start(data, "clean-stop-again");
    try {
      String networks = again.send("GET", "/v2.0/networks", again.token(), null).expect(200).body();
      assertThat(networks).contains("net-39").doesNotContain("net-19\"");
    } finally {
      again.stop();
    }
  }
}
