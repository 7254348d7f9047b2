package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.IdentityConfig;
import io.faultline.server.config.MonitorConfig;
import io.faultline.server.config.ServerConfig;
import io.faultline.server.config.StoreConfig;
import io.faultline.server.wiring.ServerContext;
import io.faultline.store.TestSchemas;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real server on a loopback port with an in-memory H2 store, for black-box tests, and a small
 * HTTP client to talk to it.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Faultline faultline;
  private final Http http;
  private String adminToken;

  private TestServer(Faultline faultline) {
    this.faultline = faultline;
    this.http = new Http(faultline.baseUrl());
  }

  public static TestServer start() {
    return start(InstantSource.system());
  }

  public static TestServer start(InstantSource clock) {
    return start(testConfig(), clock);
  }

  public static TestServer start(FaultlineConfig config, InstantSource clock) {
    return new TestServer(Faultline.start(config, clock));
  }

  /** The store a test server runs on. */
  public enum Engine {
    H2,
    POSTGRESQL
  }

  /** Loopback, port 0, a private in-memory H2, a cheap bcrypt cost, admin password "secret". */
  public static FaultlineConfig testConfig() {
    return testConfig(Engine.H2);
  }

  /**
   * As {@link #testConfig()}, on {@code engine}: PostgreSQL gets a fresh schema in the local server
   * (127.0.0.1:5432, database {@code test}, user {@code postgres}; FAULTLINE_TEST_PG_URL and
   * FAULTLINE_TEST_PG_USER override), and a missing PostgreSQL fails the test.
   */
  public static FaultlineConfig testConfig(Engine engine) {
    String database =
        engine == Engine.H2
            ? "jdbc:h2:mem:"
                + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1"
            : postgresSchemaUrl();
    String user = engine == Engine.H2 ? null : PG_USER;
    return FaultlineConfig.defaults()
        .withServer(new ServerConfig("127.0.0.1", 0, null, null))
        .withStore(new StoreConfig(null, database, user, null, 4))
        .withIdentity(new IdentityConfig(ADMIN_PASSWORD, null, 4, null))
        // Tests beat hosts once, by hand; the monitor would report them down seconds later.
        .withMonitor(new MonitorConfig(false, null, null, null, null));
  }

  public static TestServer start(Engine engine) {
    return start(testConfig(engine), InstantSource.system());
  }

  public static final String PG_USER = TestSchemas.USER;

  /** The URL of a new, empty schema in the local PostgreSQL. */
  public static String postgresSchemaUrl() {
    return postgresSchemaUrl(TestSchemas.URL);
  }

  /** A new, empty schema, created in the local PostgreSQL; {@code url} with it selected. */
  public static String postgresSchemaUrl(String url) {
    return TestSchemas.select(url, TestSchemas.create());
  }

  public String baseUrl() {
    return faultline.baseUrl();
  }

  public Faultline faultline() {
    return faultline;
  }

  public ServerContext context() {
    return faultline.context();
  }

  public Http http() {
    return http;
  }

  public synchronized String adminToken() {
    if (adminToken == null) {
      adminToken = token("admin", ADMIN_PASSWORD, "admin");
    }
    return adminToken;
  }

  /** A project-scoped token for a user; fails the test when it cannot be issued. */
  public String token(String user, String password, String project) {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
          "domain": {"name": "Default"}, "password": "%s"}}},
          "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """
            .formatted(user, password, project);
    Reply reply = http.post("/v3/auth/tokens", null, body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.header("X-Subject-Token");
  }

  /** A heartbeat from {@code host}'s nova-compute agent, as admin; registers it on first beat. */
  public void beat(String host) {
    http.post(
            "/v1/agents/heartbeat",
            adminToken(),
            "{\"host\": \"" + host + "\", \"binary\": \"nova-compute\"}")
        .expect(200);
  }

  /** A user with the given roles in a new project of its own. */
  public record Account(String projectId, String userId, String userName, String token) {}

  public Account newProjectUser(String... roles) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String project =
        http.post("/v3/projects", adminToken(), "{\"project\": {\"name\": \"p-" + suffix + "\"}}")
            .expect(201)
            .json()
            .at("/project/id")
            .asText();
    return newUser(project, "p-" + suffix, roles);
  }

  /** A new user with the given roles in an existing project. */
  public Account newUser(String projectId, String projectName, String... roles) {
    String name = "u-" + UUID.randomUUID().toString().substring(0, 8);
    String user =
        http.post(
                "/v3/users",
                adminToken(),
                "{\"user\": {\"name\": \"" + name + "\", \"password\": \"pw\"}}")
            .expect(201)
            .json()
            .at("/user/id")
            .asText();
    for (String role : roles) {
      String roleId =
          http.get("/v3/roles?name=" + role, adminToken())
              .expect(200)
              .json()
              .at("/roles/0/id")
              .asText();
      http.put(
              "/v3/projects/" + projectId + "/users/" + user + "/roles/" + roleId,
              adminToken(),
              null)
          .expect(204);
    }
    return new Account(projectId, user, name, token(name, "pw", projectName));
  }

  @Override
  public void close() {
    faultline.close();
  }

  /** A response. */
  public record Reply(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("response is not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** Asserts the status, showing the body when it differs. */
    public Reply expect(int expected) {
      assertThat(status).as("status of reply %s", body).isEqualTo(expected);
      return this;
    }
  }

  /** A minimal JSON-over-HTTP client on java.net.http. */
  public static final class Http {
    private final String baseUrl;
    private final HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Http(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public Reply get(String path, String token) {
      return send("GET", path, token, null, Map.of());
    }

    public Reply head(String path, String token) {
      return send("HEAD", path, token, null, Map.of());
    }

    public Reply delete(String path, String token) {
      return send("DELETE", path, token, null, Map.of());
    }

    public Reply post(String path, String token, String json) {
      return send("POST", path, token, json, Map.of());
    }

    public Reply put(String path, String token, String json) {
      return send("PUT", path, token, json, Map.of());
    }

    public Reply patch(String path, String token, String json) {
      return send("PATCH", path, token, json, Map.of());
    }

    public Reply send(
        String method, String path, String token, String json, Map<String, String> headers) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
      if (token != null) {
        request.header("X-Auth-Token", token);
      }
      headers.forEach(request::header);
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      request.method(
          method,
          json == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json));
      try {
        HttpResponse<String> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().map(), response.body());
      } catch (IOException e) {
        throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
