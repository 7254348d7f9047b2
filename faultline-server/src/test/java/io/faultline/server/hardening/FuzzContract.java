package io.faultline.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Engine;
import io.faultline.server.TestServer.Reply;
import io.faultline.server.http.Router.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sends malformed bodies — broken JSON, wrong types, values nested too deep, huge values, NUL
 * characters, over-long strings — to every write route the server registers, with real and with
 * missing path ids, and checks that no answer is a 5xx and that the database holds exactly what it
 * held before. Runs on H2 and on PostgreSQL (subclasses); bounded, a few thousand requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FuzzContract {
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  /** Routes that read no body, so a request with real ids does what it says whatever is sent. */
  private static final Pattern NO_BODY = Pattern.compile(".*/roles/\\{[^}]+}$|.*/implies/.*");

  /** Fields that OpenStack bodies use; each gets values no field accepts. */
  private static final List<String> FIELDS =
      List.of(
          "name",
          "description",
          "host",
          "type",
          "status",
          "password",
          "project_id",
          "enabled",
          "filter",
          "network_id",
          "state",
          "time");

  private TestServer server;
  private final Map<String, String> ids = new LinkedHashMap<>();

  abstract Engine engine();

  @BeforeAll
  void start() {
    server = TestServer.start(engine());
    String admin = server.adminToken();
    Account account = server.newProjectUser("member");
    ids.put("projects", account.projectId());
    ids.put("users", account.userId());
    ids.put(
        "roles",
        server
            .http()
            .get("/v3/roles?name=reader", admin)
            .expect(200)
            .json()
            .at("/roles/0/id")
            .asText());
    ids.put("domains", "default");
    String network =
        server
            .http()
            .post("/v2.0/networks", account.token(), "{\"network\": {\"name\": \"fuzz\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    ids.put("networks", network);
    ids.put(
        "ports",
        server
            .http()
            .post(
                "/v2.0/ports",
                account.token(),
                "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \"fuzz\"}}")
            .expect(201)
            .json()
            .at("/port/id")
            .asText());
    ids.put(
        "alarms",
        server
            .http()
            .post(
                "/v2/alarms",
                account.token(),
                """
                {"name": "fuzz", "type": "event", "alarm_actions": ["http://127.0.0.1:9/x"],
                 "event_rule": {"event_type": "compute.instance.update"}}
                """)
            .expect(201)
            .json()
            .get("alarm_id")
            .asText());
    server.beat("fuzz-host");
    ids.put("os-hosts", "fuzz-host");
    ids.put(
        "os-services",
        server
            .http()
            .get("/v2.1/os-services?host=fuzz-host", admin)
            .expect(200)
            .json()
            .at("/services/0/id")
            .asText());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void malformedBodiesToEveryRouteGiveNo5xxAndChangeNothing() {
    String admin = server.adminToken();
    Map<String, List<String>> before = DatabaseSnapshot.of(server.context().database());
    List<String> failures = new ArrayList<>();
    int requests = 0;
    for (Route route : server.faultline().routes()) {
      if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(route.method())) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      paths.add(path(route.path(), false));
      if (!route.method().equals("DELETE")
          && PARAMETER.matcher(route.path()).find()
          && !NO_BODY.matcher(route.path()).matches()) {
        paths.add(path(route.path(), true));
      }
      for (String path : paths) {
        // Over the body limit: sent raw, since the server answers 413 and closes the connection
        // before the client has finished sending, which a client library reports as a failure.
        String status = oversized(route.method(), path, admin);
        requests++;
        if (!status.contains(" 413")) {
          failures.add(route.method() + " " + path + " (1.5 MB body) -> " + status);
        }
        for (String body : bodies(route.path())) {
          Reply reply = server.http().send(route.method(), path, admin, body, Map.of());
          requests++;
          if (reply.status() >= 500) {
            failures.add(
                route.method()
                    + " "
                    + path
                    + " "
                    + abbreviate(body)
                    + " -> "
                    + reply.status()
                    + " "
                    + abbreviate(reply.body()));
          }
        }
      }
    }
    assertThat(requests).isGreaterThan(500);
    assertThat(failures).as("5xx answers").isEmpty();
    assertThat(DatabaseSnapshot.of(server.context().database()))
        .as("the database after %d malformed requests", requests)
        .isEqualTo(before);
  }

  private int port() {
    return java.net.URI.create(server.baseUrl()).getPort();
  }

  private String oversized(String method, String path, String token) {
    byte[] body =
        ("{\"x\": \"" + "y".repeat(1_500_000) + "\"}")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      return RawHttp.statusLine(
          port(),
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Auth-Token: "
              + token
              + "\r\nContent-Length: "
              + body.length,
          body);
    } catch (java.io.IOException e) {
      return "failed: " + e;
    }
  }

  /** The route's path with each parameter replaced by a real id, or by one that names nothing. */
  private String path(String template, boolean real) {
    Matcher matcher = PARAMETER.matcher(template);
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String before = template.substring(0, matcher.start());
      String collection = before.substring(before.lastIndexOf('/', before.length() - 2) + 1);
      collection =
          collection.endsWith("/") ? collection.substring(0, collection.length() - 1) : collection;
      String id = real ? ids.getOrDefault(collection, "fuzz-missing") : "fuzz-missing";
      matcher.appendReplacement(path, Matcher.quoteReplacement(id));
    }
    matcher.appendTail(path);
    return path.toString();
  }

  private static List<String> bodies(String path) {
    String wrapper = wrapper(path);
    String nul = "\"a\\u0000b\"";
    String huge = "\"" + "x".repeat(70_000) + "\"";
    String deep = "[".repeat(200) + "]".repeat(200);
    String number = "1e400";
    List<String> bodies = new ArrayList<>();
    bodies.add("");
    bodies.add("{");
    bodies.add("not json");
    bodies.add("{\"a\": 1,}");
    bodies.add("[1, 2");
    bodies.add("null");
    bodies.add("\"text\"");
    bodies.add("12345678901234567890123");
    bodies.add("[]");
    bodies.add(deep);
    bodies.add("{\"" + wrapper + "\": " + deep + "}");
    bodies.add("{\"" + wrapper + "\": \"text\"}");
    bodies.add("{\"" + wrapper + "\": [1, 2]}");
    bodies.add("{\"" + wrapper + "\": " + nul + "}");
    bodies.add("{\"a\u0000b\": 1}".replace("\u0000", "\\u0000"));
    for (String field : FIELDS) {
      for (String value : List.of(nul, huge, "{\"a\": " + deep + "}", number)) {
        bodies.add("{\"" + field + "\": " + value + "}");
        bodies.add("{\"" + wrapper + "\": {\"" + field + "\": " + value + "}}");
      }
    }
    return bodies;
  }

  /** The resource key a body names: {@code /v3/projects/{id}} -> {@code project}. */
  private static String wrapper(String path) {
    String[] segments = path.split("/", -1);
    for (int i = segments.length - 1; i >= 0; i--) {
      String segment = segments[i];
      if (!segment.isEmpty() && !segment.startsWith("{")) {
        return segment.endsWith("s") ? segment.substring(0, segment.length() - 1) : segment;
      }
    }
    return "x";
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
