package io.faultline.server.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Black-box: {@code /v1/cluster} of a process that is not part of a cluster. */
class ClusterApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void aProcessAloneEvaluatesInProcessWithoutPartitionsOrNodes() {
    JsonNode body = server.http().get("/v1/cluster", server.adminToken()).expect(200).json();
    assertThat(keys(body)).containsExactly("cluster");
    JsonNode cluster = body.get("cluster");
    assertThat(keys(cluster)).containsExactly("clustered", "now", "evaluation", "nodes");
    assertThat(cluster.get("clustered").asBoolean()).isFalse();
    assertThat(cluster.get("evaluation").asText()).isEqualTo("in-process");
    assertThat(cluster.get("nodes").isArray()).isTrue();
    assertThat(cluster.get("nodes")).isEmpty();
  }
}
