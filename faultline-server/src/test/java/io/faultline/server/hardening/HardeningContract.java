package io.faultline.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.TestServer.Engine;
import io.faultline.server.TestServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile but honest input, each request answered with the 4xx it deserves and nothing changed:
 * over-long fields, NUL characters, absurd numbers, misspelt keys, catastrophic regular
 * expressions, long passwords. Runs on H2 and on PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HardeningContract {
  private TestServer server;

  abstract Engine engine();

  @BeforeAll
  void start() {
    server = TestServer.start(engine());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private String admin() {
    return server.adminToken();
  }

  private static String longText(int length) {
    return "x".repeat(length);
  }

  private static void expectNamed(Reply reply, String field, int limit) {
    reply.expect(400);
    assertThat(reply.body()).contains(field).contains(Integer.toString(limit));
  }

  @Test
  void overLongIdentityFieldsAre400NamingFieldAndLimit() {
    int projects =
        server.http().get("/v3/projects", admin()).expect(200).json().at("/projects").size();
    expectNamed(
        server
            .http()
            .post("/v3/projects", admin(), "{\"project\": {\"name\": \"" + longText(256) + "\"}}"),
        "project.name",
        255);
    expectNamed(
        server
            .http()
            .post(
                "/v3/projects",
                admin(),
                "{\"project\": {\"name\": \"p\", \"description\": \"" + longText(1025) + "\"}}"),
        "project.description",
        1024);
    assertThat(server.http().get("/v3/projects", admin()).expect(200).json().at("/projects").size())
        .isEqualTo(projects);

    int users = server.http().get("/v3/users", admin()).expect(200).json().at("/users").size();
    expectNamed(
        server
            .http()
            .post("/v3/users", admin(), "{\"user\": {\"name\": \"" + longText(256) + "\"}}"),
        "user.name",
        255);
    expectNamed(
        server
            .http()
            .post(
                "/v3/users",
                admin(),
                "{\"user\": {\"name\": \"u\", \"email\": \"" + longText(256) + "\"}}"),
        "user.email",
        255);
    expectNamed(
        server
            .http()
            .post(
                "/v3/users",
                admin(),
                "{\"user\": {\"name\": \"u\", \"description\": \"" + longText(1025) + "\"}}"),
        "user.description",
        1024);
    assertThat(server.http().get("/v3/users", admin()).expect(200).json().at("/users").size())
        .isEqualTo(users);

    expectNamed(
        server
            .http()
            .post("/v3/roles", admin(), "{\"role\": {\"name\": \"" + longText(256) + "\"}}"),
        "role.name",
        255);
  }

  private static String alarm(String name, String extra) {
    return """
        {"name": "%s", "type": "event", "alarm_actions": ["http://127.0.0.1:9/hook"],
         "event_rule": {"event_type": "compute.instance.update"}%s}
        """
        .formatted(name, extra);
  }

  @Test
  void overLongAlarmFieldsAre400NamingFieldAndLimit() {
    int alarms = server.http().get("/v2/alarms", admin()).expect(200).json().size();
    expectNamed(server.http().post("/v2/alarms", admin(), alarm(longText(256), "")), "name", 255);
    expectNamed(
        server
            .http()
            .post(
                "/v2/alarms", admin(), alarm("a", ", \"description\": \"" + longText(4097) + "\"")),
        "description",
        4096);
    expectNamed(
        server
            .http()
            .post(
                "/v2/alarms", admin(), alarm("a", ", \"resource_id\": \"" + longText(256) + "\"")),
        "resource_id",
        255);
    expectNamed(
        server
            .http()
            .post("/v2/alarms", admin(), alarm("a", ", \"project_id\": \"" + longText(65) + "\"")),
        "project_id",
        64);
    assertThat(server.http().get("/v2/alarms", admin()).expect(200).json().size())
        .isEqualTo(alarms);
  }

  private Reply report(String details, String time) {
    return server
        .http()
        .put(
            "/v1/events",
            admin(),
            "[{\"time\": %s, \"type\": \"compute.host.down\", \"details\": {%s}}]"
                .formatted(time, details));
  }

  @Test
  void overLongOrAbsurdRawFaultsAre400NotARetryable503() {
    int faults = server.http().get("/v1/faults", admin()).expect(200).json().at("/faults").size();
    expectNamed(
        report(
            "\"hostname\": \"h1\", \"monitor\": \"" + longText(256) + "\"",
            "\"2026-11-25T08:00:00\""),
        "details.monitor",
        255);
    expectNamed(
        report(
            "\"hostname\": \"h1\", \"monitor_event_id\": \"" + longText(256) + "\"",
            "\"2026-11-25T08:00:00\""),
        "details.monitor_event_id",
        255);
    Reply port =
        server
            .http()
            .put(
                "/v1/events",
                admin(),
                "[{\"time\": \"2026-11-25T08:00:00\", \"type\": \"network.port.down\","
                    + " \"details\": {\"hostname\": \"h1\", \"port_id\": \""
                    + longText(65)
                    + "\"}}]");
    expectNamed(port, "details.port_id", 64);
    Reply future = report("\"hostname\": \"h1\"", "1e30").expect(400);
    assertThat(future.body()).contains("time");
    assertThat(server.http().get("/v1/faults", admin()).expect(200).json().at("/faults").size())
        .isEqualTo(faults);
  }

  @Test
  void nulCharactersAre400Everywhere() {
    Reply query = server.http().get("/v2.1/os-services?host=%00", admin()).expect(400);
    assertThat(query.body()).contains("NUL").contains("host");
    Reply token =
        server
            .http()
            .post(
                "/v3/auth/tokens",
                null,
                """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "ad\\u0000min",
                  "domain": {"name": "Default"}, "password": "x"}}}}}
                """)
            .expect(400);
    assertThat(token.body()).contains("NUL");
    int projects =
        server.http().get("/v3/projects", admin()).expect(200).json().at("/projects").size();
    server
        .http()
        .post("/v3/projects", admin(), "{\"project\": {\"name\": \"p\\u0000q\"}}")
        .expect(400);
    server.http().get("/v3/projects/%00", admin()).expect(400);
    server
        .http()
        .post(
            "/v1/agents/heartbeat",
            admin(),
            "{\"host\": \"h\\u0000\", \"binary\": \"nova-compute\"}")
        .expect(400);
    assertThat(server.http().get("/v3/projects", admin()).expect(200).json().at("/projects").size())
        .isEqualTo(projects);
  }

  @Test
  void hugeMicroversionIs400() {
    Reply reply =
        server
            .http()
            .send(
                "GET",
                "/v2.1/os-services",
                admin(),
                null,
                Map.of("OpenStack-API-Version", "compute 2.99999999999"));
    reply.expect(400);
    server
        .http()
        .send(
            "GET",
            "/v2.1/os-services",
            admin(),
            null,
            Map.of("X-OpenStack-Nova-API-Version", "2.99999999999"))
        .expect(400);
  }

  @Test
  void maximalLimitWithAMarkerPagesNormally() {
    Account account = server.newProjectUser("member");
    String first =
        server
            .http()
            .post("/v2.0/networks", account.token(), "{\"network\": {\"name\": \"n1\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    String second =
        server
            .http()
            .post("/v2.0/networks", account.token(), "{\"network\": {\"name\": \"n2\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    // Neutron pages in id order: the page after the lower id holds the other network.
    String low = first.compareTo(second) < 0 ? first : second;
    String high = low.equals(first) ? second : first;
    JsonNode page =
        server
            .http()
            .get("/v2.0/networks?limit=2147483647&marker=" + low, account.token())
            .expect(200)
            .json();
    assertThat(page.at("/networks").size()).isEqualTo(1);
    assertThat(page.at("/networks/0/id").asText()).isEqualTo(high);
    assertThat(page.has("networks_links")).isFalse();
  }

  @Test
  void aMisspeltKeyIsNamed() {
    Reply reply =
        server.http().post("/v3/projects", admin(), "{\"project\": {\"nam\": \"p\"}}").expect(400);
    assertThat(reply.body()).contains("'nam'");
    Reply alarm =
        server
            .http()
            .post(
                "/v2/alarms", admin(), "{\"nam\": \"a\", \"type\": \"event\", \"event_rule\": {}}")
            .expect(400);
    assertThat(alarm.body()).contains("'nam'");
  }

  @Test
  void regularExpressionsRunInLinearTimeAndInvalidOnesAre400() {
    Account account = server.newProjectUser("member");
    server.http().post("/v2/alarms", account.token(), alarm("a".repeat(28) + "!", "")).expect(201);
    // With a backtracking engine this filter takes seconds for 28 characters and five times as
    // long for every two more; with a linear one it answers at once (the client's own timeout
    // would fail the test otherwise).
    for (int extra = 0; extra < 3; extra++) {
      server
          .http()
          .post("/v2/alarms", account.token(), alarm("a".repeat(40 + extra * 20) + "!", ""))
          .expect(201);
    }
    JsonNode found =
        server
            .http()
            .post(
                "/v2/query/alarms",
                account.token(),
                "{\"filter\": \"{\\\"=~\\\": {\\\"name\\\": \\\"(.*a){20}b\\\"}}\"}")
            .expect(200)
            .json();
    assertThat(found.size()).isZero();
    JsonNode matching =
        server
            .http()
            .post(
                "/v2/query/alarms",
                account.token(),
                "{\"filter\": \"{\\\"=~\\\": {\\\"name\\\": \\\"(a){28}!\\\"}}\"}")
            .expect(200)
            .json();
    assertThat(matching.size()).isEqualTo(1);
    Reply invalid =
        server
            .http()
            .post(
                "/v2/query/alarms",
                account.token(),
                "{\"filter\": \"{\\\"=~\\\": {\\\"name\\\": \\\"(\\\"}}\"}")
            .expect(400);
    assertThat(invalid.body()).contains("regular expression");
  }

  @Test
  void longPasswordsAreHandledAsKeystoneDoes() {
    String password = "p".repeat(100);
    String name = "long-" + UUID.randomUUID().toString().substring(0, 8);
    String user =
        server
            .http()
            .post(
                "/v3/users",
                admin(),
                "{\"user\": {\"name\": \"" + name + "\", \"password\": \"" + password + "\"}}")
            .expect(201)
            .json()
            .at("/user/id")
            .asText();
    server.http().post("/v3/auth/tokens", null, unscoped(name, password)).expect(201);
    server.http().post("/v3/auth/tokens", null, unscoped("admin", "s".repeat(200))).expect(401);
    server
        .http()
        .patch(
            "/v3/users/" + user, admin(), "{\"user\": {\"password\": \"" + "q".repeat(90) + "\"}}")
        .expect(200);
    server.http().post("/v3/auth/tokens", null, unscoped(name, "q".repeat(90))).expect(201);
    Reply tooLong =
        server
            .http()
            .patch(
                "/v3/users/" + user,
                admin(),
                "{\"user\": {\"password\": \"" + "q".repeat(4097) + "\"}}")
            .expect(400);
    assertThat(tooLong.body()).contains("password").contains("4096");
  }

  @Test
  void aPasswordChangeRevokesTheUsersTokens() {
    Account account = server.newProjectUser("member");
    server.http().get("/v2.0/networks", account.token()).expect(200);
    server
        .http()
        .patch("/v3/users/" + account.userId(), admin(), "{\"user\": {\"password\": \"new-pw\"}}")
        .expect(200);
    server.http().get("/v2.0/networks", account.token()).expect(401);
    server
        .http()
        .send("GET", "/v3/auth/tokens", admin(), null, Map.of("X-Subject-Token", account.token()))
        .expect(404);
    server.http().post("/v3/auth/tokens", null, unscoped(account.userName(), "new-pw")).expect(201);
  }

  static String unscoped(String user, String password) {
    return """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
          "domain": {"id": "default"}, "password": "%s"}}}}}
        """
        .formatted(user, password);
  }

  /** Sends {@code request} from eight threads at once, {@code rounds} times; all the replies. */
  private static List<Reply> concurrently(int rounds, java.util.function.IntFunction<Reply> request)
      throws Exception {
    List<Reply> replies = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      for (int round = 0; round < rounds; round++) {
        CyclicBarrier together = new CyclicBarrier(8);
        int current = round;
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(
              threads.submit(
                  () -> {
                    together.await(60, TimeUnit.SECONDS);
                    return request.apply(current);
                  }));
        }
        for (Future<Reply> future : futures) {
          replies.add(future.get(120, TimeUnit.SECONDS));
        }
      }
    }
    return replies;
  }

  @Test
  void concurrentFirstHeartbeatsOfANewHostAllSucceed() throws Exception {
    String prefix = "race-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    List<Reply> replies =
        concurrently(
            10,
            round ->
                server
                    .http()
                    .post(
                        "/v1/agents/heartbeat",
                        admin(),
                        "{\"host\": \"" + prefix + round + "\", \"binary\": \"nova-compute\"}"));
    assertThat(replies).extracting(Reply::status).containsOnly(200);
    JsonNode services = server.http().get("/v2.1/os-services", admin()).expect(200).json();
    List<String> hosts = new ArrayList<>();
    services.at("/services").forEach(service -> hosts.add(service.get("host").asText()));
    for (int round = 0; round < 10; round++) {
      assertThat(hosts).containsOnlyOnce(prefix + round);
    }
  }

  @Test
  void concurrentCreatesOfOneNameGiveOneSuccessAndConflicts() throws Exception {
    String prefix = "same-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    Map<String, String> bodies =
        Map.of(
            "/v3/projects", "{\"project\": {\"name\": \"%s\"}}",
            "/v3/users", "{\"user\": {\"name\": \"%s\"}}",
            "/v3/roles", "{\"role\": {\"name\": \"%s\"}}");
    for (Map.Entry<String, String> route : bodies.entrySet()) {
      List<Reply> replies =
          concurrently(
              5,
              round ->
                  server
                      .http()
                      .post(route.getKey(), admin(), route.getValue().formatted(prefix + round)));
      for (int round = 0; round < 5; round++) {
        List<Integer> statuses =
            replies.subList(round * 8, round * 8 + 8).stream().map(Reply::status).toList();
        assertThat(statuses)
            .as("POST %s, round %d: %s", route.getKey(), round, statuses)
            .containsOnly(201, 409)
            .containsOnlyOnce(201);
      }
    }
  }

  @Test
  void bodiesOverTheLimitAre413BeforeAuthenticationWhateverTheEncoding() throws Exception {
    int port = java.net.URI.create(server.baseUrl()).getPort();
    String chunkedHead =
        "POST /v3/auth/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked";
    assertThat(RawHttp.statusLine(port, chunkedHead, RawHttp.chunks(30 * 1024 * 1024)))
        .contains(" 413");
    assertThat(RawHttp.statusLine(port, chunkedHead, RawHttp.chunks(2 * 1024 * 1024)))
        .contains(" 413");
    // A declared length over the limit is refused from the headers alone, token or not.
    assertThat(
            RawHttp.statusLine(
                port,
                "POST /v3/projects HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 700000000"))
        .contains(" 413");
    // Within the limit, a chunked body is read and parsed as any other.
    assertThat(
            RawHttp.statusLine(
                port,
                chunkedHead,
                "7\r\n{\"a\": 1\r\n1\r\n}\r\n0\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .contains(" 400");
  }

  @Test
  void onlyJsonBodiesAreAccepted() {
    int projects =
        server.http().get("/v3/projects", admin()).expect(200).json().at("/projects").size();
    String body = "{\"project\": {\"name\": \"typed-" + UUID.randomUUID() + "\"}}";
    for (String type :
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
      Reply typed = sendTyped("/v3/projects", body, type);
      assertThat(typed.status()).as(type).isEqualTo(415);
      assertThat(typed.body()).contains("application/json");
    }
    Reply untyped = sendTyped("/v3/projects", body, null);
    assertThat(untyped.status()).isEqualTo(415);
    assertThat(server.http().get("/v3/projects", admin()).expect(200).json().at("/projects").size())
        .isEqualTo(projects);
    sendTyped("/v3/projects", body, "application/json; charset=UTF-8").expect(201);
  }

  /** A POST whose body is sent with {@code type} as its Content-Type, or with none. */
  private Reply sendTyped(String path, String body, String type) {
    try {
      java.net.http.HttpRequest.Builder request =
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + path))
              .timeout(java.time.Duration.ofSeconds(30))
              .header("X-Auth-Token", admin())
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
      if (type != null) {
        request.header("Content-Type", type);
      }
      java.net.http.HttpResponse<String> response =
          java.net.http.HttpClient.newHttpClient()
              .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().map(), response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
