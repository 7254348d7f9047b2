package io.faultline.server.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.ServerConfig;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users, projects and role assignments page as Keystone's list limit does: at most a page (the
 * server's {@code server.max-page}, 3 here, or a smaller {@code limit}), {@code truncated} when
 * more follow, and {@code links.next} to walk on.
 */
class KeystonePagingTest {
  private static final int MAX_PAGE = 3;
  private static TestServer server;

  @BeforeAll
  static void start() {
    FaultlineConfig config = TestServer.testConfig();
    ServerConfig web = config.server();
    server =
        TestServer.start(
            config.withServer(
                new ServerConfig(
                    web.host(),
                    web.port(),
                    web.publicUrl(),
                    web.maxBodyBytes(),
                    web.bodyTimeout(),
                    MAX_PAGE)),
            InstantSource.system());
    for (int i = 0; i < 4; i++) {
      server.newProjectUser("member"); // 4 more projects, users and assignments than the page
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aListLongerThanThePageIsTruncatedAndWalkedByItsNextLinks() {
    for (String collection : List.of("users", "projects", "role_assignments")) {
      JsonNode first = get("/v3/" + collection);
      assertThat(first.get(collection)).as(collection).hasSize(MAX_PAGE);
      assertThat(first.get("truncated").isBoolean()).as(collection).isTrue();
      assertThat(first.get("truncated").asBoolean()).as(collection).isTrue();
      assertThat(keys(first)).as(collection).containsExactly(collection, "links", "truncated");
      assertThat(keys(first.get("links"))).containsExactly("self", "previous", "next");

      List<String> walked = new ArrayList<>();
      JsonNode page = first;
      int pages = 1;
      while (true) {
        page.get(collection).forEach(entry -> walked.add(key(collection, entry)));
        String next = page.at("/links/next").asText(null);
        if (next == null) {
          assertThat(keys(page))
              .as(collection + ": the last page")
              .containsExactly(collection, "links");
          break;
        }
        URI uri = URI.create(next);
        page = get(uri.getRawPath() + "?" + uri.getRawQuery());
        pages++;
      }
      assertThat(walked).as(collection + ": every entry once").doesNotHaveDuplicates();
      assertThat(pages).as(collection).isGreaterThan(1);
      // The walk saw the whole list: as many entries as a list of two-entry pages finds.
      List<String> byTwos = walkWithLimit(collection, 2);
      assertThat(walked).as(collection).containsExactlyElementsOf(byTwos);
      assertThat(walked.size()).as(collection).isGreaterThan(MAX_PAGE + 1);
    }
  }

  @Test
  void aLimitNarrowsThePageButNeverWidensItPastTheServersPage() {
    assertThat(get("/v3/users?limit=1").get("users")).hasSize(1);
    assertThat(get("/v3/users?limit=1").get("truncated").asBoolean()).isTrue();
    assertThat(get("/v3/projects?limit=500").get("projects")).hasSize(MAX_PAGE);
  }

  @Test
  void aFilteredListThatFitsIsNotTruncated() {
    JsonNode admin = get("/v3/users?name=admin");
    assertThat(admin.get("users")).hasSize(1);
    assertThat(admin.has("truncated")).isFalse();
    assertThat(admin.at("/links/next").isNull()).isTrue();
  }

  @Test
  void aBadLimitOrAnUnknownMarkerIsA400SayingSo() {
    for (String query : List.of("limit=0", "limit=-2", "limit=many")) {
      String message =
          server.http().get("/v3/users?" + query, server.adminToken()).expect(400).body();
      assertThat(message).contains("limit must be a positive integer");
    }
    String marker =
        server.http().get("/v3/projects?marker=nope", server.adminToken()).expect(400).body();
    assertThat(marker).contains("marker 'nope'");
  }

  private static List<String> walkWithLimit(String collection, int limit) {
    List<String> keys = new ArrayList<>();
    String path = "/v3/" + collection + "?limit=" + limit;
    while (path != null) {
      JsonNode page = get(path);
      page.get(collection).forEach(entry -> keys.add(key(collection, entry)));
      String next = page.at("/links/next").asText(null);
      path =
          next == null
              ? null
              : URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery();
    }
    return keys;
  }

  private static String key(String collection, JsonNode entry) {
    return collection.equals("role_assignments")
        ? entry.at("/scope/project/id").asText()
            + ":"
            + entry.at("/user/id").asText()
            + ":"
            + entry.at("/role/id").asText()
        : entry.get("id").asText();
  }

  private static JsonNode get(String path) {
    return server.http().get(path, server.adminToken()).expect(200).json();
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
