package io.faultline.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook client's connection discipline, against real consumers: a bounded pool of keep-alive
 * connections per consumer, and consumers isolated from each other.
 */
class WebhookSenderTest {
  /** The pool's size: the most connections to a consumer that keeps them open. */
  private static final int MAX_CONNECTIONS = 16;

  /**
   * OPNFV Doctor's sample consumer style: Python's stock {@code http.server.ThreadingHTTPServer},
   * default listen backlog (5), HTTP/1.0 (one request per connection). It counts the requests and
   * the most connections it ever handled at once.
   */
  private static final String PYTHON_CONSUMER =
      """
      import http.server, json, sys, threading
      lock = threading.Lock()
      state = {"count": 0, "open": 0, "peak": 0}
      class Consumer(http.server.BaseHTTPRequestHandler):
          def setup(self):
              with lock:
                  state["open"] += 1
                  state["peak"] = max(state["peak"], state["open"])
              super().setup()
          def finish(self):
              super().finish()
              with lock:
                  state["open"] -= 1
          def do_POST(self):
              self.rfile.read(int(self.headers["Content-Length"]))
              with lock:
                  state["count"] += 1
              self.send_response(200)
              self.end_headers()
          def do_GET(self):
              with lock:
                  body = json.dumps(state).encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Consumer)
      print(server.server_address[1], flush=True)
      server.serve_forever()
      """;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final WebhookSender sender =
      new WebhookSender(Duration.ofSeconds(5), Duration.ofSeconds(60), MAX_CONNECTIONS);
  private final BlockingQueue<Delivery> outcomes = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Notifier notifier =
      new Notifier(
          Map.of("http", sender),
          (delivery, outcome) -> outcomes.add(delivery),
          new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1)),
          scheduler,
          InstantSource.system(),
          64);

  @AfterEach
  void stop() throws Exception {
    notifier.close();
    sender.close();
    scheduler.shutdownNow();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  /** A JDK HTTP consumer on a loopback port, stopped after the test: its base URL. */
  private String startConsumer(int threads, HttpHandler handler) throws IOException {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    HttpServer consumer =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    consumer.setExecutor(executor);
    consumer.createContext("/", handler);
    consumer.start();
    resources.add(
        () -> {
          consumer.stop(0);
          executor.shutdownNow();
        });
    return "http://127.0.0.1:" + consumer.getAddress().getPort();
  }

  /** Reads the webhook's body and answers 204, as a consumer does. */
  private static void answer(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  private static Delivery delivery(String url) {
    return Delivery.pending(
        new AlarmId("a1"), "p1", Severity.LOW, url, "{}", Optional.empty(), Instant.now());
  }

  private List<Delivery> awaitOutcomes(int count) throws InterruptedException {
    List<Delivery> done = new ArrayList<>();
    while (done.size() < count) {
      Delivery next = outcomes.poll(60, TimeUnit.SECONDS);
      assertThat(next).as("outcome %d of %d", done.size() + 1, count).isNotNull();
      done.add(next);
    }
    return done;
  }

  @Test
  void fiftyWebhooksToPythonsThreadingHttpServerAllArriveOnTheFirstTry() throws Exception {
    Path script = Files.createTempFile("consumer", ".py");
    Files.writeString(script, PYTHON_CONSUMER);
    Process python = new ProcessBuilder("python3", script.toString()).start();
    resources.add(
        () -> {
          python.destroy();
          python.waitFor(10, TimeUnit.SECONDS);
          Files.deleteIfExists(script);
        });
    String port =
        new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(port).as("the Python consumer's port").isNotNull().matches("\\d+");
    String url = "http://127.0.0.1:" + port + "/";

    List<Delivery> fifty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fifty.add(delivery(url + "vnfm/" + i));
    }
    notifier.submit(fifty);

    List<Delivery> done = awaitOutcomes(50);
    assertThat(done)
        .allSatisfy(
            delivery -> {
              assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
              assertThat(delivery.attempts()).as("attempts, so no retry").isEqualTo(1);
            });
    JsonNode state = consumerState(url);
    assertThat(state.get("count").asInt()).isEqualTo(50);
    // It closes each connection (HTTP/1.0): never more connections at once than such a consumer
    // gets, well within the backlog of 5, though the keep-alive pool would hold more.
    assertThat(state.get("peak").asInt()).isBetween(1, WebhookSender.CLOSING_CONSUMER_CONNECTIONS);
  }

  private static JsonNode consumerState(String url) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(response.body());
    }
  }

  @Test
  void aConsumerThatKeepsConnectionsOpenGetsThePoolSideBySideOnceItHasAnswered() throws Exception {
    int together = 2 * WebhookSender.CLOSING_CONSUMER_CONNECTIONS;
    Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch manyAtOnce = new CountDownLatch(together);
    String consumer =
        startConsumer(
            MAX_CONNECTIONS,
            exchange -> {
              clientPorts.add(exchange.getRemoteAddress().getPort());
              peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              if (seen.incrementAndGet() > 1) {
                manyAtOnce.countDown();
                try {
                  // After the first answer, requests wait for more than a closing consumer's share
                  // to be in flight beside them.
                  manyAtOnce.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              inFlight.decrementAndGet();
              answer(exchange);
            });
    String url = consumer + "/hook";
    notifier.submit(List.of(delivery(url)));
    awaitOutcomes(1);
    assertThat(peak.get()).as("in flight before the first answer").isEqualTo(1);

    List<Delivery> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(delivery(url));
    }
    notifier.submit(many);

    assertThat(awaitOutcomes(300))
        .allSatisfy(delivery -> assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT));
    assertThat(manyAtOnce.getCount()).as("requests still waiting for company").isZero();
    assertThat(peak.get()).as("webhooks in flight at once").isBetween(together, MAX_CONNECTIONS);
    // The first webhook's connection, from the pool for consumers not yet known, and the others.
    assertThat(clientPorts)
        .as("connections used for 301 webhooks")
        .hasSizeBetween(2, MAX_CONNECTIONS + 1);
  }

  @Test
  void aConsumerThatHasNotAnsweredGetsNoMoreThanAClosingConsumersShare() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    String consumer =
        startConsumer(
            MAX_CONNECTIONS,
            exchange -> {
              peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.decrementAndGet();
              answer(exchange);
            });
    String url = consumer + "/hook";
    List<Delivery> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(delivery(url));
    }
    notifier.submit(burst);

    // Until the first answer nothing says the consumer keeps connections open.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight.get() < WebhookSender.CLOSING_CONSUMER_CONNECTIONS
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(200); // room for any request beyond the share to arrive, were it sent
    assertThat(peak.get()).isEqualTo(WebhookSender.CLOSING_CONSUMER_CONNECTIONS);
    release.countDown();
    assertThat(awaitOutcomes(50))
        .allSatisfy(delivery -> assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT));
  }

  @Test
  void aCookieOneConsumerSetsIsNeverSentWithAnotherTenantsWebhook() throws Exception {
    // Two tenants' consumers on one host, told apart by path; the first answers with a cookie.
    BlockingQueue<String> cookies = new LinkedBlockingQueue<>();
    String base =
        startConsumer(
            1,
            exchange -> {
              cookies.add(
                  exchange.getRequestURI().getPath()
                      + " "
                      + String.valueOf(exchange.getRequestHeaders().get("Cookie")));
              exchange.getResponseHeaders().add("Set-Cookie", "session=tenant-a-secret; Path=/");
              answer(exchange);
            });

    notifier.submit(List.of(delivery(base + "/tenant-a")));
    awaitOutcomes(1);
    notifier.submit(List.of(delivery(base + "/tenant-b"), delivery(base + "/tenant-a")));
    awaitOutcomes(2);

    List<String> seen = new ArrayList<>();
    cookies.drainTo(seen);
    assertThat(seen)
        .containsExactlyInAnyOrder("/tenant-a null", "/tenant-b null", "/tenant-a null");
  }

  @Test
  void aDeadConsumerDelaysNoOtherConsumer() throws Exception {
    // Accepts connections (the kernel does, into its backlog) and never answers.
    ServerSocket dead = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    resources.add(dead);
    Set<String> arrived = ConcurrentHashMap.newKeySet();
    String healthy =
        startConsumer(
            4,
            exchange -> {
              arrived.add(exchange.getRequestURI().getPath());
              answer(exchange);
            });

    List<Delivery> mixed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      mixed.add(delivery("http://127.0.0.1:" + dead.getLocalPort() + "/dead/" + i));
      mixed.add(delivery(healthy + "/ok/" + i));
    }
    notifier.submit(mixed);

    List<Delivery> done = awaitOutcomes(50);
    assertThat(done)
        .allSatisfy(
            delivery -> {
              assertThat(delivery.action()).contains("/ok/");
              assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
            });
    assertThat(arrived).hasSize(50);
    // The dead consumer's webhooks are still waiting on their own timeout.
    assertThat(outcomes).isEmpty();
  }
}
