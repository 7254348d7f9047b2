package io.faultline.bench;

import io.faultline.bus.Notification;
import io.faultline.server.Faultline;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.IdentityConfig;
import io.faultline.server.config.ServerConfig;
import io.faultline.server.config.StoreConfig;
import io.faultline.server.demo.ThreadCpu;
import io.faultline.server.logging.AccessLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * End to end on loopback: a real server (in-memory H2, in-process bus), {@code alarms} event alarms
 * with repeat_actions created through the Aodh API, a webhook receiver; then notifications are
 * published on the bus and the time to each webhook's arrival is measured. Phase 1 sends one
 * notification at a time (latency p50/p99); phase 2 sends {@code burst} as fast as possible
 * (deliveries/s until the last webhook arrived).
 *
 * <p>Run: {@code java -cp … io.faultline.bench.AlarmWebhookDriver [alarms] [latencySamples]
 * [burst]}
 */
public final class AlarmWebhookDriver {
  private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":\"([^\"]+)\"");
  private static final String PROJECT = "bench-project";

  private AlarmWebhookDriver() {}

  public static void main(String[] args) throws Exception {
    int alarms = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int burst = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;

    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    AtomicReference<long[]> latencies = new AtomicReference<>();
    AtomicReference<CountDownLatch> arrivals = new AtomicReference<>(new CountDownLatch(0));
    long[][] slot = new long[1][];
    java.util.concurrent.atomic.AtomicInteger received =
        new java.util.concurrent.atomic.AtomicInteger();

    // A plain Jetty handler, as the fault loop's consumer: it shares the two cores with the server
    // it measures, and Javalin's servlet layers took a third of them (docs/benchmarks.md).
    QueuedThreadPool receiverThreads = new QueuedThreadPool(16, 4);
    receiverThreads.setName("receiver");
    receiverThreads.setDaemon(true);
    Server receiver = new Server(receiverThreads);
    ServerConnector connector = new ServerConnector(receiver, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    receiver.addConnector(connector);
    receiver.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            long now = System.nanoTime();
            // Blocking: this handler runs on a pool thread.
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            Matcher matcher = MESSAGE_ID.matcher(body);
            if (matcher.find()) {
              Long start = sentAt.remove(matcher.group(1));
              long[] target = latencies.get();
              if (start != null && target != null) {
                int i = received.getAndIncrement();
                if (i < target.length) {
                  target[i] = now - start;
                }
              }
            }
            arrivals.get().countDown();
            response.setStatus(204);
            callback.succeeded();
            return true;
          }
        });
    receiver.start();
    String hook = "http://127.0.0.1:" + connector.getLocalPort() + "/hook";

    String database =
        "jdbc:h2:mem:"
            + UUID.randomUUID().toString().replace("-", "")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    FaultlineConfig config =
        FaultlineConfig.defaults()
            .withServer(new ServerConfig("127.0.0.1", 0, null, null))
            .withStore(new StoreConfig(null, database, null, null, 8))
            .withIdentity(new IdentityConfig("secret", null, 4, null));
    // The driver prints its own figures; one access line per alarm it creates would bury them.
    AccessLog.silence();
    try (Faultline faultline = Faultline.start(config, InstantSource.system())) {
      String token = adminToken(faultline.baseUrl());
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < alarms; i++) {
        String body =
            """
            {"name": "a%d", "type": "event", "repeat_actions": true, "project_id": "%s",
             "resource_id": "vm-%d", "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.state", "op": "eq", "type": "string", "value": "stopped"}]}}
            """
                .formatted(i, PROJECT, i, hook);
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(faultline.baseUrl() + "/alarming/v2/alarms"))
                    .header("X-Auth-Token", token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
          throw new IllegalStateException("alarm create failed: " + response.body());
        }
      }
      var bus = faultline.context().bus();

      // Phase 1: latency, one notification in flight at a time.
      slot[0] = new long[samples];
      latencies.set(slot[0]);
      received.set(0);
      for (int i = 0; i < samples; i++) {
        CountDownLatch one = new CountDownLatch(1);
        arrivals.set(one);
        Notification notification = notification(i % alarms);
        sentAt.put(notification.messageId(), System.nanoTime());
        bus.publish(notification);
        if (!one.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("webhook " + i + " did not arrive");
        }
      }
      long[] sorted = Arrays.copyOf(slot[0], Math.min(received.get(), samples));
      Arrays.sort(sorted);
      System.out.printf(
          "latency notification->webhook (%d samples, %d alarms): p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
          sorted.length,
          alarms,
          ms(percentile(sorted, 0.50)),
          ms(percentile(sorted, 0.99)),
          ms(sorted[sorted.length - 1]));

      // Phase 2: throughput.
      latencies.set(null);
      CountDownLatch all = new CountDownLatch(burst);
      arrivals.set(all);
      ThreadCpu before = ThreadCpu.snapshot();
      long start = System.nanoTime();
      for (int i = 0; i < burst; i++) {
        bus.publish(notification(i % alarms));
      }
      long published = System.nanoTime();
      if (!all.await(300, TimeUnit.SECONDS)) {
        throw new IllegalStateException(all.getCount() + " webhooks never arrived");
      }
      long end = System.nanoTime();
      System.out.printf(
          "throughput: %d notifications published in %.2f s, %d webhooks received in %.2f s ="
              + " %.0f deliveries/s%n",
          burst,
          (published - start) / 1e9,
          burst,
          (end - start) / 1e9,
          burst / ((end - start) / 1e9));
      // The journal writes the last outcomes after a linger: let it finish, so its CPU counts.
      Thread.sleep(1000);
      System.out.print(
          "CPU per thread group during the burst (the receiver's threads are this driver's):\n"
              + ThreadCpu.report(ThreadCpu.snapshot().since(before), burst, "delivery"));
    } finally {
      receiver.stop();
    }
  }

  private static Notification notification(int alarm) {
    return Notification.info(
        "compute.bench",
        "compute.instance.update",
        Map.of(
            "instance_id", "vm-" + alarm,
            "tenant_id", PROJECT,
            "state", "stopped",
            "old_state", "active",
            "host", "compute-1"),
        Instant.now());
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String adminToken(String baseUrl) throws IOException, InterruptedException {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
          "domain": {"name": "Default"}, "password": "secret"}}},
          "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
        """;
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v3/auth/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.headers().firstValue("X-Subject-Token").orElseThrow();
  }
}
