package io.faultline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.config.ServerConfig;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stock clients walk the paged lists: with pages of two, {@code openstack server list --limit
 * -1} (which asks on by marker) and {@code openstack port list} (which follows {@code ports_links})
 * show every item once. Without {@code --limit}, OSC shows one page, the largest, as it does on
 * Nova.
 */
class ListPagingCliTest {
  private static TestServer server;
  private static CliRunner cli;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            TestServer.testConfig()
                .withServer(new ServerConfig("127.0.0.1", 0, null, null, null, 2)),
            InstantSource.system());
    cli = new CliRunner(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Set<String> ids(JsonNode list) {
    Set<String> ids = new HashSet<>();
    list.forEach(item -> ids.add(item.get("ID").asText()));
    assertThat(ids).hasSameSizeAs(list);
    return ids;
  }

  @Test
  void serverAndPortListsFollowThePages() {
    server.beat("cli-paging-1");
    String network =
        server
            .http()
            .post("/v2.0/networks", server.adminToken(), "{\"network\": {\"name\": \"pn\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    Set<String> servers = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      servers.add(
          server
              .http()
              .post(
                  "/v2.1/servers",
                  server.adminToken(),
                  "{\"server\": {\"name\": \"cp-"
                      + i
                      + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": [{\"uuid\":"
                      + " \""
                      + network
                      + "\"}]}}")
              .expect(202)
              .json()
              .at("/server/id")
              .asText());
    }

    JsonNode all =
        cli.admin(
                "openstack",
                "server",
                "list",
                "--all-projects",
                "-n",
                "--limit",
                "-1",
                "-f",
                "json")
            .succeeded()
            .json();
    assertThat(ids(all)).isEqualTo(servers);
    JsonNode onePage =
        cli.admin("openstack", "server", "list", "--all-projects", "-n", "-f", "json")
            .succeeded()
            .json();
    assertThat(onePage).hasSize(2);
    JsonNode limited =
        cli.admin(
                "openstack", "server", "list", "--all-projects", "-n", "--limit", "1", "-f", "json")
            .succeeded()
            .json();
    assertThat(limited).hasSize(1);
    JsonNode ports = cli.admin("openstack", "port", "list", "-f", "json").succeeded().json();
    assertThat(ids(ports)).hasSize(5);
  }
}
