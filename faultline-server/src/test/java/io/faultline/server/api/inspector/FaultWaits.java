package io.faultline.server.api.inspector;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import java.util.concurrent.TimeUnit;

/** The inspector handles faults in the background: tests wait for it, bounded. */
final class FaultWaits {
  private FaultWaits() {}

  /** The fault once it has left {@code received} and {@code fencing}; fails after 20 s. */
  static JsonNode awaitFinished(TestServer server, String faultId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonNode fault =
          server.http().get("/v1/faults/" + faultId, server.adminToken()).expect(200).json();
      if (!fault.at("/fault/status").asText().matches("received|fencing")) {
        return fault.get("fault");
      }
      Thread.sleep(5);
    }
    throw new AssertionError("fault " + faultId + " was not handled within 20 s");
  }
}
