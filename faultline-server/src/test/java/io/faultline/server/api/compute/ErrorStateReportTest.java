package io.faultline.server.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.config.ComputeConfig;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code compute.host-down-vm-state: error} the report puts instances in ERROR, with a fault.
 */
class ErrorStateReportTest {
  @Test
  void instancesOnAReportedHostGoToErrorWithTheirFault() {
    try (TestServer server =
        TestServer.start(
            TestServer.testConfig().withCompute(new ComputeConfig(null, "error", null, null, null)),
            InstantSource.system())) {
      String admin = server.adminToken();
      server
          .http()
          .post(
              "/v1/agents/heartbeat", admin, "{\"host\": \"err-1\", \"binary\": \"nova-compute\"}")
          .expect(200);
      String id =
          server
              .http()
              .post(
                  "/v2.1/servers",
                  admin,
                  "{\"server\": {\"name\": \"vm\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\","
                      + " \"availability_zone\": \"nova:err-1\"}}")
              .expect(202)
              .json()
              .at("/server/id")
              .asText();
      server
          .http()
          .put("/v2.1/os-hosts/err-1", admin, "{\"host_down_reported\": true}")
          .expect(200);
      JsonNode shown =
          server
              .http()
              .send(
                  "GET",
                  "/v2.1/servers/" + id,
                  admin,
                  null,
                  Map.of("X-OpenStack-Nova-API-Version", "2.53"))
              .expect(200)
              .json()
              .get("server");
      assertThat(shown.get("status").asText()).isEqualTo("ERROR");
      assertThat(shown.get("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
      assertThat(shown.at("/fault/message").asText()).contains("err-1");
      assertThat(shown.at("/fault/code").asInt()).isEqualTo(500);
    }
  }
}
