package io.faultline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.config.ServerConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every list that can hold a fleet pages by default: a server whose largest page is {@value
 * #MAX_PAGE} answers each list in pages of at most that many, each with a next link but the last,
 * and walking the links yields every item once.
 */
class ListPagingApiTest {
  private static final int MAX_PAGE = 3;

  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            TestServer.testConfig()
                .withServer(new ServerConfig("127.0.0.1", 0, null, null, null, MAX_PAGE)),
            InstantSource.system());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The items of every page from {@code path} on, following next links; checks each page. */
  static List<String> walk(String path, String token, String collection, String links) {
    List<String> ids = new ArrayList<>();
    String next = path;
    int pages = 0;
    while (next != null) {
      assertThat(pages++).as("pages of " + path).isLessThan(100);
      JsonNode page = server.http().get(next, token).expect(200).json();
      JsonNode items = page.get(collection);
      assertThat(items.size()).as(next).isLessThanOrEqualTo(MAX_PAGE);
      items.forEach(item -> ids.add(item.get("id").asText()));
      JsonNode link = page.at("/" + links + "/0");
      if (link.isMissingNode()) {
        next = null;
      } else {
        List<String> keys = new ArrayList<>();
        link.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).as(links).containsExactly("href", "rel");
        assertThat(link.get("rel").asText()).isEqualTo("next");
        assertThat(items.size()).as(next).isPositive();
        String href = link.get("href").asText();
        assertThat(href).startsWith(server.baseUrl());
        next = href.substring(server.baseUrl().length());
      }
    }
    assertThat(new HashSet<>(ids)).as("no item twice in " + path).hasSameSizeAs(ids);
    return ids;
  }

  private static String createServer(String token, String name) {
    return server
        .http()
        .post(
            "/v2.1/servers",
            token,
            "{\"server\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"imageRef\": \"cirros\", \"networks\": \"none\"}}")
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  @Test
  void serversPageByDefaultAcrossProjectsAndKeepTheFiltersInTheNextLink() {
    server.beat("paging-s1");
    Account one = server.newProjectUser("member");
    Account two = server.newProjectUser("member");
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      mine.add(createServer(one.token(), "mine-" + i));
    }
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      theirs.add(createServer(two.token(), "theirs-" + i));
    }

    // Newest first, as Nova lists them.
    assertThat(walk("/v2.1/servers", one.token(), "servers", "servers_links"))
        .containsExactlyElementsOf(mine.reversed());
    assertThat(walk("/v2.1/servers/detail", two.token(), "servers", "servers_links"))
        .containsExactlyElementsOf(theirs.reversed());
    List<String> all =
        walk(
            "/v2.1/servers/detail?all_tenants=1&host=paging-s1",
            server.adminToken(),
            "servers",
            "servers_links");
    assertThat(all).containsExactlyInAnyOrderElementsOf(concat(mine, theirs));
    // The filters travel in the next link: the name filter holds on every page.
    assertThat(
            walk(
                "/v2.1/servers?all_tenants=1&name=%5Etheirs&limit=2",
                server.adminToken(), "servers", "servers_links"))
        .containsExactlyElementsOf(theirs.reversed());
    // A limit above the largest page is cut to it; limit=0 is an empty page with no link.
    JsonNode capped = server.http().get("/v2.1/servers?limit=1000", one.token()).expect(200).json();
    assertThat(capped.get("servers")).hasSize(MAX_PAGE);
    assertThat(capped.has("servers_links")).isTrue();
    JsonNode none = server.http().get("/v2.1/servers?limit=0", one.token()).expect(200).json();
    assertThat(none.get("servers")).isEmpty();
    assertThat(none.has("servers_links")).isFalse();
    // The last page has no link, even when it is full.
    JsonNode last =
        server
            .http()
            .get("/v2.1/servers?limit=3&marker=" + theirs.get(3), two.token())
            .expect(200)
            .json();
    assertThat(last.get("servers")).hasSize(3);
    assertThat(last.has("servers_links")).isFalse();
  }

  @Test
  void badServerPagingValuesAreA400() {
    String token = server.adminToken();
    for (String query :
        List.of(
            "limit=-1",
            "limit=x",
            "limit=1.5",
            "marker=no-such-server",
            "changes-since=yesterday",
            "changes-since=2026-13-01T00:00:00Z")) {
      Reply reply = server.http().get("/v2.1/servers/detail?" + query, token);
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.json().at("/badRequest/message").asText()).as(query).isNotBlank();
    }
    assertThat(
            server
                .http()
                .get("/v2.1/servers?marker=no-such-server", token)
                .json()
                .at("/badRequest/message")
                .asText())
        .contains("marker", "not found");
  }

  private static String post(String path, String token, String body, String pointer) {
    return server.http().post(path, token, body).expect(201).json().at(pointer).asText();
  }

  @Test
  void neutronListsPageByDefaultInIdOrderAndKeepTheFiltersInTheNextLink() {
    Account one = server.newProjectUser("member");
    Account two = server.newProjectUser("member");
    List<String> networks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      networks.add(
          post(
              "/v2.0/networks",
              one.token(),
              "{\"network\": {\"name\": \"paging-" + i + "\"}}",
              "/network/id"));
    }
    String theirNetwork =
        post("/v2.0/networks", two.token(), "{\"network\": {\"name\": \"x\"}}", "/network/id");
    List<String> ports = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ports.add(
          post(
              "/v2.0/ports",
              one.token(),
              "{\"port\": {\"network_id\": \"" + networks.get(i % 2) + "\"}}",
              "/port/id"));
    }
    List<String> theirPorts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      theirPorts.add(
          post(
              "/v2.0/ports",
              two.token(),
              "{\"port\": {\"network_id\": \"" + theirNetwork + "\"}}",
              "/port/id"));
    }
    List<String> subnets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      subnets.add(
          post(
              "/v2.0/subnets",
              one.token(),
              "{\"subnet\": {\"network_id\": \""
                  + networks.get(i)
                  + "\", \"ip_version\": 4, \"cidr\": \"10.7."
                  + i
                  + ".0/24\"}}",
              "/subnet/id"));
    }

    assertThat(walk("/v2.0/ports", one.token(), "ports", "ports_links"))
        .containsExactlyElementsOf(ports.stream().sorted().toList());
    assertThat(walk("/v2.0/ports?limit=2", two.token(), "ports", "ports_links"))
        .containsExactlyElementsOf(theirPorts.stream().sorted().toList());
    assertThat(walk("/v2.0/ports", server.adminToken(), "ports", "ports_links"))
        .containsAll(ports)
        .containsAll(theirPorts);
    // A filter stays on every page; a member asking for another project's ports sees none.
    assertThat(
            walk(
                "/v2.0/ports?network_id=" + networks.get(0) + "&limit=2",
                one.token(),
                "ports",
                "ports_links"))
        .containsExactlyElementsOf(
            List.of(ports.get(0), ports.get(2), ports.get(4), ports.get(6)).stream()
                .sorted()
                .toList());
    assertThat(
            walk("/v2.0/ports?project_id=" + two.projectId(), one.token(), "ports", "ports_links"))
        .isEmpty();
    assertThat(walk("/v2.0/networks", one.token(), "networks", "networks_links"))
        .containsExactlyElementsOf(networks.stream().sorted().toList());
    assertThat(walk("/v2.0/subnets", one.token(), "subnets", "subnets_links"))
        .containsExactlyElementsOf(subnets.stream().sorted().toList());

    for (String path :
        List.of(
            "/v2.0/ports?limit=-1",
            "/v2.0/ports?limit=x",
            "/v2.0/networks?limit=-2",
            "/v2.0/subnets?limit=1.5")) {
      Reply reply = server.http().get(path, one.token());
      assertThat(reply.status()).as(path).isEqualTo(400);
      assertThat(reply.json().at("/NeutronError/message").asText()).as(path).contains("Limit");
    }
  }

  @Test
  void hypervisorsPageFromMicroversion233() {
    for (int i = 0; i < 7; i++) {
      server.beat("paging-h" + i);
    }
    for (String version : List.of("2.33", "2.53")) {
      List<String> ids = new ArrayList<>();
      String next = "/v2.1/os-hypervisors/detail";
      int pages = 0;
      while (next != null) {
        assertThat(pages++).isLessThan(100);
        JsonNode page =
            server
                .http()
                .send(
                    "GET",
                    next,
                    server.adminToken(),
                    null,
                    java.util.Map.of("X-OpenStack-Nova-API-Version", version))
                .expect(200)
                .json();
        assertThat(page.get("hypervisors").size()).isLessThanOrEqualTo(MAX_PAGE);
        page.get("hypervisors").forEach(h -> ids.add(h.get("id").asText()));
        JsonNode link = page.at("/hypervisors_links/0/href");
        next = link.isMissingNode() ? null : link.asText().substring(server.baseUrl().length());
      }
      assertThat(new HashSet<>(ids)).hasSameSizeAs(ids).hasSizeGreaterThanOrEqualTo(7);
      assertThat(
              server
                  .http()
                  .send(
                      "GET",
                      "/v2.1/os-hypervisors?marker=nope",
                      server.adminToken(),
                      null,
                      java.util.Map.of("X-OpenStack-Nova-API-Version", version))
                  .status())
          .isEqualTo(400);
    }
    // Before 2.33 Nova lists every hypervisor, with no link.
    JsonNode all =
        server.http().get("/v2.1/os-hypervisors", server.adminToken()).expect(200).json();
    assertThat(all.get("hypervisors").size()).isGreaterThanOrEqualTo(7);
    assertThat(all.has("hypervisors_links")).isFalse();
  }

  @Test
  void alarmsPageByDefaultAndByMarkerAsAodhClientsPage() {
    Account one = server.newProjectUser("member");
    List<String> alarms = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      alarms.add(
          server
              .http()
              .post(
                  "/v2/alarms",
                  one.token(),
                  """
                  {"name": "paging-%d", "type": "event", "event_rule": {
                    "event_type": "compute.instance.update",
                    "query": [{"field": "traits.instance_id", "op": "eq", "value": "vm-%d"}]}}
                  """
                      .formatted(i, i))
              .expect(201)
              .json()
              .get("alarm_id")
              .asText());
    }
    // Aodh's answer is a bare array: the client asks on from the last id it got.
    List<String> seen = new ArrayList<>();
    String marker = null;
    for (int pages = 0; pages < 100; pages++) {
      JsonNode page =
          server
              .http()
              .get("/v2/alarms" + (marker == null ? "" : "?marker=" + marker), one.token())
              .expect(200)
              .json();
      assertThat(page.size()).isLessThanOrEqualTo(MAX_PAGE);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(alarm -> seen.add(alarm.get("alarm_id").asText()));
      marker = seen.get(seen.size() - 1);
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(alarms);
    assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
    // A filter applies before the page is cut.
    JsonNode named =
        server
            .http()
            .get("/v2/alarms?q.field=name&q.value=paging-3&limit=1", one.token())
            .expect(200)
            .json();
    assertThat(named).hasSize(1);
    assertThat(named.get(0).get("alarm_id").asText()).isEqualTo(alarms.get(3));
    for (String query : List.of("limit=0", "limit=-1", "limit=x", "marker=no-such-alarm")) {
      Reply reply = server.http().get("/v2/alarms?" + query, one.token());
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.json().get("error_message").toString()).as(query).isNotBlank();
    }
  }

  static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
