package io.faultline.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.TestServer;
import io.faultline.server.bus.Broker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three {@code faultline serve} processes on the machine's PostgreSQL and RabbitMQ; a numbered
 * stream of Nova notifications is published while one of them is killed with {@code kill -9}. Every
 * event fires its alarm exactly once as a consumer sees it: one webhook, or several that carry one
 * delivery id (which the consumer de-duplicates on).
 */
class ClusterKillTest {
  private static final int EVENTS = 300;
  private static final String PASSWORD = "secret";
  private static final Pattern SERVING =
      Pattern.compile("Faultline is serving on (http://[0-9.]+:[0-9]+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Event message id → the delivery ids of the webhooks it caused. */
  private final Map<String, Set<String>> deliveries = new ConcurrentHashMap<>();

  @Test
  void everyEventFiresOnceWhileANodeIsKilled() throws Exception {
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext(
        "/hook",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          deliveries
              .computeIfAbsent(
                  body.at("/reason_data/event/message_id").asText(),
                  id -> ConcurrentHashMap.newKeySet())
              .add(exchange.getRequestHeaders().getFirst("X-Faultline-Delivery-Id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    Path directory = Files.createTempDirectory("faultline-cluster");
    String storeUrl = TestServer.postgresSchemaUrl();
    List<Server> nodes = new ArrayList<>();
    try (Broker broker = new Broker()) {
      try {
        for (int i = 0; i < 3; i++) {
          nodes.add(Server.start(directory, "node-" + i, storeUrl, broker.prefix()));
        }
        Server first = nodes.get(0);
        String token = first.token();
        String project =
            first
                .send("GET", "/v3/projects?name=admin", token, null)
                .json()
                .at("/projects/0/id")
                .asText();
        String instance = UUID.randomUUID().toString();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        first
            .send(
                "POST",
                "/v2/alarms",
                token,
                """
                {"name": "every-event", "type": "event", "repeat_actions": true,
                 "alarm_actions": ["%s"],
                 "event_rule": {"event_type": "compute.instance.update",
                   "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                              "value": "%s"}]}}
                """
                    .formatted(hook, instance))
            .expect(201);
        // Every node has the alarm in its index before the stream starts.
        Thread.sleep(1000);

        for (int start = 0; start < EVENTS; start += 10) {
          NovaPublisher.publish(broker, project, instance, start, 10);
          if (start == EVENTS / 3) {
            nodes.get(1).kill();
          }
          Thread.sleep(20);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (deliveries.size() < EVENTS && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(deliveries).as("events whose webhook arrived").hasSize(EVENTS);
        assertThat(deliveries.values())
            .as("the webhooks of one event carry one delivery id")
            .allSatisfy(ids -> assertThat(ids).hasSize(1));
        JsonNode cluster = first.send("GET", "/v1/cluster", token, null).json().get("cluster");
        assertThat(cluster.get("nodes")).hasSize(3);
      } finally {
        nodes.forEach(Server::close);
        receiver.stop(0);
        try (var channel = broker.channel()) {
          channel.exchangeDelete(broker.prefix() + ".cluster");
        }
      }
    }
  }

  record Reply(int status, String body) {
    Reply expect(int expected) {
      assertThat(status).as(body).isEqualTo(expected);
      return this;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code faultline serve} in its own JVM, on the test's class path, with a log file. */
  private static final class Server implements AutoCloseable {
    private final Process process;
    private final String baseUrl;

    private Server(Process process, String baseUrl) {
      this.process = process;
      this.baseUrl = baseUrl;
    }

    static Server start(Path directory, String name, String storeUrl, String queuePrefix)
        throws Exception {
      Path config = directory.resolve(name + ".yaml");
      Files.writeString(
          config,
          """
          server:
            host: 127.0.0.1
            port: 0
          store:
            url: "%s"
            user: %s
          bus:
            url: %s
            queue-prefix: %s
          cluster:
            lease: PT2S
            renew-interval: PT0.5S
          identity:
            admin-password: %s
            bcrypt-cost: 4
          monitor:
            enabled: false
          """
              .formatted(storeUrl, TestServer.PG_USER, Broker.URL, queuePrefix, PASSWORD));
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder builder =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.faultline.server.Main",
                  "serve",
                  "--config",
                  config.toString())
              .redirectErrorStream(true);
      builder.environment().keySet().removeIf(key -> key.startsWith("FAULTLINE_"));
      Process process = builder.start();
      Path log = Path.of("target", "cluster-kill-test-" + name + ".log");
      Files.createDirectories(log.getParent());
      CountDownLatch serving = new CountDownLatch(1);
      String[] url = new String[1];
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out =
                        new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    out.println(line);
                    Matcher matcher = SERVING.matcher(line);
                    if (matcher.find()) {
                      url[0] = matcher.group(1);
                      serving.countDown();
                    }
                  }
                } catch (IOException e) {
                  // the process was killed; its log ends here
                }
              },
              "server-log-" + name);
      reader.setDaemon(true);
      reader.start();
      if (!serving.await(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the server did not start within 120 s; see " + log);
      }
      return new Server(process, url[0]);
    }

    /** {@code kill -9}: no shutdown hook, no clean close of the database. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    String token() throws Exception {
      return token("admin", PASSWORD, "admin");
    }

    String token(String user, String password, String project) throws Exception {
      String body =
          """
          {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
            "domain": {"name": "Default"}, "password": "%s"}}},
            "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
          """
              .formatted(user, password, project);
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    Reply send(String method, String path, String token, String body) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(60))
              .header("X-Auth-Token", token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
