package io.faultline.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after one fault, black box: a raw host-down report for a host with an instance
 * whose alarm calls a loopback webhook. The fault's stages, its outcome, the webhook delivery, the
 * store's gauges, HTTP latency buckets, and the JVM, process and pool meters are all served; and
 * every metric the Grafana dashboard under deploy/ queries is among them.
 */
class MetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DASHBOARD =
      Path.of("..", "deploy", "grafana", "faultline-dashboard.json");
  private static final String HOST_DOWN = "compute.host.down";

  /** The sample monitor's time format: UTC, microseconds, no zone. */
  private static final DateTimeFormatter MONITOR_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private static TestServer server;
  private static HttpServer consumer;
  private static final BlockingQueue<String> webhooks = new LinkedBlockingQueue<>();
  private static Scrape scrape;
  private static String scrapeText;

  @BeforeAll
  static void reportOneFault() throws Exception {
    server = TestServer.start();
    consumer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    consumer.createContext(
        "/vnfm",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          webhooks.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("X-Faultline-Fault-Id")));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    consumer.start();

    server.beat("metrics-1"); // the only host: the instance lands there
    Account tenant = server.newProjectUser("member");
    String instance =
        server
            .http()
            .post(
                "/v2.1/servers",
                tenant.token(),
                """
                {"server": {"name": "vnf", "flavorRef": "1", "imageRef": "cirros",
                            "networks": "none"}}
                """)
            .expect(202)
            .json()
            .at("/server/id")
            .asText();
    String hook = "http://127.0.0.1:" + consumer.getAddress().getPort() + "/vnfm";
    server
        .http()
        .post(
            "/v2/alarms",
            tenant.token(),
            """
            {"name": "vnf-down", "type": "event", "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.instance_id", "op": "eq", "type": "string", "value": "%s"},
                         {"field": "traits.state", "op": "eq", "type": "string", "value": "stopped"}]}}
            """
                .formatted(hook, instance))
        .expect(201);

    String faultId =
        server
            .http()
            .put(
                "/v1/events",
                server.adminToken(),
                """
                [{"id": "m1", "time": "%s", "type": "compute.host.down",
                  "details": {"hostname": "metrics-1", "status": "down", "monitor": "monitor_sample",
                              "monitor_event_id": "e1"}}]
                """
                    .formatted(MONITOR_TIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS))))
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    assertThat(webhooks.poll(30, TimeUnit.SECONDS)).isEqualTo(faultId);
    scrapeAfterTheLoopSettles();
  }

  /**
   * The webhook's acknowledgement (T7), the fault's outcome and the delivery's journal entry come
   * just after the consumer answers; GC meters appear with the first collection.
   */
  private static void scrapeAfterTheLoopSettles() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      System.gc();
      scrapeText = server.http().get("/metrics", null).expect(200).body();
      scrape = Scrape.parse(scrapeText);
      if (faults("handled") == 1
          && stageCount("T7") == 1
          && scrape.value("faultline_webhook_deliveries_total", Map.of("outcome", "sent")).orElse(0)
              == 1
          && scrape.has("jvm_gc_pause_seconds_count")) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
  }

  @AfterAll
  static void stop() {
    if (consumer != null) {
      consumer.stop(0);
    }
    if (server != null) {
      server.close();
    }
  }

  private static double faults(String outcome) {
    return scrape
        .value("faultline_faults_total", Map.of("type", HOST_DOWN, "outcome", outcome))
        .orElse(-1);
  }

  private static double stageCount(String stage) {
    return scrape.value("faultline_fault_stage_seconds_count", Map.of("stage", stage)).orElse(-1);
  }

  @Test
  void theFaultIsCountedByTypeAndOutcome() {
    assertThat(faults("handled")).as(scrapeText).isEqualTo(1);
    assertThat(faults("failed")).isZero();
    assertThat(faults("unfenced")).isZero();
    assertThat(
            scrape.value(
                "faultline_faults_total",
                Map.of("type", "network.port.down", "outcome", "handled")))
        .hasValue(0);
  }

  @Test
  void everyStageOfTheFaultIsAHistogramSinceDetection() {
    // Once per fault: received and fenced. Once per transaction: states committed and published
    // (compute's and network's). Once per alarm or webhook: T5 to T7, here one of each.
    assertThat(stageCount("T1")).as(scrapeText).isEqualTo(1);
    assertThat(stageCount("T2")).isEqualTo(1);
    assertThat(stageCount("T3")).isGreaterThanOrEqualTo(1);
    assertThat(stageCount("T4")).isGreaterThanOrEqualTo(1);
    assertThat(stageCount("T5")).isEqualTo(1);
    assertThat(stageCount("T6")).isEqualTo(1);
    assertThat(stageCount("T7")).isEqualTo(1);
    assertThat(scrape.has("faultline_fault_stage_seconds_count")).isTrue();
    assertThat(scrape.value("faultline_fault_stage_seconds_count", Map.of("stage", "T0")))
        .isEmpty();
    for (String stage : List.of("T1", "T2", "T5", "T6", "T7")) {
      List<Scrape.Sample> buckets =
          scrape.samples().stream()
              .filter(sample -> sample.name().equals("faultline_fault_stage_seconds_bucket"))
              .filter(sample -> stage.equals(sample.labels().get("stage")))
              .toList();
      assertThat(buckets).as(stage).hasSize(16); // 15 bounds and +Inf
      assertThat(buckets.get(buckets.size() - 1).labels()).containsEntry("le", "+Inf");
      assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(stageCount(stage));
    }
    // One fault, one alarm, one webhook: each sum is that fault's one time since T0, so the
    // stages of the alarm chain follow one another.
    double previous = 0;
    for (String stage : List.of("T1", "T2", "T5", "T6", "T7")) {
      double sum =
          scrape.value("faultline_fault_stage_seconds_sum", Map.of("stage", stage)).orElseThrow();
      assertThat(sum).as(stage).isGreaterThanOrEqualTo(previous);
      previous = sum;
    }
  }

  @Test
  void theWebhookDeliveryIsCountedWithoutRetries() {
    assertThat(scrape.value("faultline_webhook_deliveries_total", Map.of("outcome", "sent")))
        .as(scrapeText)
        .hasValue(1);
    assertThat(scrape.value("faultline_webhook_deliveries_total", Map.of("outcome", "failed")))
        .hasValue(0);
    assertThat(scrape.value("faultline_webhook_retries_total")).hasValue(0);
  }

  @Test
  void storeGaugesShowTheFencedHostTheFiredAlarmAndTheOutbox() {
    assertThat(scrape.value("faultline_hosts", Map.of("state", "forced_down"))).hasValue(1);
    assertThat(scrape.value("faultline_hosts", Map.of("state", "up"))).hasValue(0);
    assertThat(scrape.value("faultline_alarms", Map.of("state", "alarm"))).hasValue(1);
    assertThat(scrape.value("faultline_alarms", Map.of("state", "ok"))).hasValue(0);
    double batches = scrape.value("faultline_outbox_batches").orElseThrow();
    double age = scrape.value("faultline_outbox_oldest_age_seconds").orElseThrow();
    assertThat(batches).isGreaterThanOrEqualTo(0);
    assertThat(age).isGreaterThanOrEqualTo(0);
    if (batches == 0) {
      assertThat(age).isZero();
    }
    assertThat(scrape.value("faultline_event_evaluations_total").orElseThrow())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void httpLatencyIsAHistogramByMethodRouteAndStatus() {
    List<Scrape.Sample> buckets =
        scrape.samples().stream()
            .filter(sample -> sample.name().equals("faultline_http_requests_seconds_bucket"))
            .filter(
                sample ->
                    sample
                        .labels()
                        .entrySet()
                        .containsAll(
                            Map.of("method", "PUT", "route", "/v1/events", "status", "202")
                                .entrySet()))
            .toList();
    assertThat(buckets).as(scrapeText).hasSize(14); // 13 bounds and +Inf
    assertThat(buckets.get(buckets.size() - 1).value()).isEqualTo(1);
    assertThat(
            scrape.value(
                "faultline_http_requests_seconds_count",
                Map.of("method", "GET", "route", "/v2.1/servers/{server_id}")))
        .isEmpty(); // a template, never a raw path, and only routes that were called
  }

  @Test
  void jvmProcessAndPoolMetersAreServed() {
    assertThat(scrape.value("jvm_memory_used_bytes", Map.of("area", "heap", "id", "G1 Eden Space")))
        .isPresent();
    assertThat(scrape.value("jvm_threads_live_threads").orElseThrow()).isPositive();
    assertThat(scrape.value("jvm_classes_loaded_classes").orElseThrow()).isPositive();
    assertThat(scrape.has("jvm_gc_pause_seconds_count")).isTrue();
    assertThat(scrape.value("process_uptime_seconds").orElseThrow()).isPositive();
    assertThat(scrape.value("process_files_open_files").orElseThrow()).isPositive();
    assertThat(scrape.value("system_cpu_count").orElseThrow()).isPositive();
    assertThat(scrape.has("process_cpu_usage")).isTrue();
    assertThat(scrape.value("hikaricp_connections_max", Map.of("pool", "faultline"))).hasValue(4);
    assertThat(scrape.value("hikaricp_connections_timeout_total", Map.of("pool", "faultline")))
        .hasValue(0);
  }

  @Test
  void storeGaugesReadPostgreSql() {
    try (TestServer postgres = TestServer.start(TestServer.Engine.POSTGRESQL)) {
      postgres.beat("metrics-pg-1");
      postgres.beat("metrics-pg-2");
      Scrape scraped = Scrape.parse(postgres.http().get("/metrics", null).expect(200).body());
      // Read from the store, not left at their initial zero.
      assertThat(scraped.value("faultline_hosts", Map.of("state", "up"))).hasValue(2);
      assertThat(scraped.value("faultline_hosts", Map.of("state", "down"))).hasValue(0);
      assertThat(scraped.value("faultline_alarms", Map.of("state", "alarm"))).hasValue(0);
      assertThat(scraped.value("faultline_outbox_batches").orElseThrow()).isGreaterThanOrEqualTo(0);
      assertThat(scraped.value("faultline_outbox_oldest_age_seconds").orElseThrow())
          .isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void everyMetricTheDashboardQueriesIsServed() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
    dashboard.findValues("definition").forEach(expr -> expressions.add(expr.asText()));
    Set<String> queried = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b(?:faultline|jvm|process|system|hikaricp)_[a-z0-9_]+");
    for (String expression : expressions) {
      Matcher matcher = metric.matcher(expression);
      while (matcher.find()) {
        queried.add(matcher.group());
      }
    }
    assertThat(queried)
        .contains(
            "faultline_fault_stage_seconds_bucket",
            "faultline_faults_total",
            "faultline_webhook_deliveries_total");
    assertThat(queried).allSatisfy(name -> assertThat(scrape.has(name)).as(name).isTrue());
    List<String> types = new ArrayList<>();
    dashboard.get("panels").forEach(panel -> types.add(panel.get("type").asText()));
    assertThat(types).contains("heatmap");
  }
}
