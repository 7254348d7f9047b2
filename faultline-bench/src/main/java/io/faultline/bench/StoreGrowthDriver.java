package io.faultline.bench;

import io.faultline.server.demo.FaultLoopScenario;
import io.faultline.store.Database;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.mvstore.MVStoreTool;

/**
 * The embedded store's file under a steady load, against its live data: a real server on an H2
 * file, a fleet of {@code hosts} × {@code instancesPerHost} instances (each with a bound port and
 * an event alarm with a loopback webhook), then for {@code minutes}: a heartbeat from every host
 * every second, a host-down fault (and its recovery) every {@code faultSeconds}, and alarm churn
 * (one alarm created and an older one deleted every 100 ms). Every minute it prints the file's
 * size, H2's estimate of the live data and the ratio. At the end the clean shutdown compacts the
 * file into a dense copy, which H2 always writes compressed: that is the live data, compressed. A
 * copy of it rewritten without compression is the live data as the default (uncompressed) file
 * holds it, measured.
 *
 * <p>With {@code postgres} as the engine, the same load runs on a fresh schema of the local
 * PostgreSQL ({@code FAULTLINE_BENCH_PG_URL}, default database {@code test}) under its own
 * autovacuum: every minute it prints the tables' size with their indexes and TOAST, their live and
 * dead tuples and autovacuum's runs; at the end {@code VACUUM FULL} rewrites every table, and the
 * rewritten size is the live data, measured.
 *
 * <p>A PostgreSQL server that runs without autovacuum ({@code autovacuum = off}) gets, with {@code
 * vacuum} as the sixth argument, a plain {@code VACUUM} of each of the schema's tables once a
 * minute, as autovacuum's default naptime would.
 *
 * <p>With {@code h2-compressed}, the embedded file is written with {@code COMPRESS=TRUE}
 * (everything else as the default's), to weigh what compression buys against what it costs.
 *
 * <p>Run: {@code java -cp … io.faultline.bench.StoreGrowthDriver [hosts] [instancesPerHost]
 * [minutes] [faultSeconds] [h2|h2-compressed|postgres] [vacuum]}
 */
public final class StoreGrowthDriver {
  private static final Pattern ALARM_ID = Pattern.compile("\"alarm_id\"\\s*:\\s*\"([^\"]+)\"");

  private StoreGrowthDriver() {}

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int instancesPerHost = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int faultSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    String engine = args.length > 4 ? args[4] : "h2";
    if (engine.equals("postgres")) {
      postgres(
          hosts,
          instancesPerHost,
          minutes,
          faultSeconds,
          args.length > 5 && args[5].equals("vacuum"));
      return;
    }

    try (BenchDatabases.Scratch scratch = BenchDatabases.open(engine)) {
      h2(scratch, hosts, instancesPerHost, minutes, faultSeconds);
    }
  }

  private static void h2(
      BenchDatabases.Scratch scratch,
      int hosts,
      int instancesPerHost,
      int minutes,
      int faultSeconds)
      throws Exception {
    Path file = scratch.directory().resolve("faultline.mv.db");
    FaultLoopScenario scenario =
        FaultLoopScenario.start(scratch.settings().url(), hosts, instancesPerHost, System.out);
    SteadyLoad load = SteadyLoad.start(scenario, minutes, faultSeconds);
    long largest = 0;
    try {
      Database database = scenario.context().database();
      System.out.println(
          "minute | heartbeats | faults | alarms churned | file MB | live MB (H2's estimate) | ratio");
      for (int minute = 1; minute <= minutes; minute++) {
        TimeUnit.MINUTES.sleep(1);
        Database.FileUsage usage = database.fileUsage().orElseThrow();
        long size = Files.size(file);
        largest = Math.max(largest, size);
        System.out.printf(
            "%6d | %10d | %6d | %14d | %7.1f | %23.1f | %5.2f%n",
            minute,
            load.load.heartbeats.get(),
            load.faults.get(),
            load.load.churned.get(),
            size / 1e6,
            usage.liveBytes() / 1e6,
            (double) size / Math.max(1, usage.liveBytes()));
      }
      load.await();
    } finally {
      load.close();
      long before = Files.size(file);
      long started = System.nanoTime();
      scenario.close();
      System.out.printf(
          "clean shutdown: file %.1f MB -> %.1f MB compacted (the live data, compressed), in %.1f"
              + " s; %d load errors%n",
          before / 1e6,
          Files.size(file) / 1e6,
          (System.nanoTime() - started) / 1e9,
          load.load.errors.get());
      // H2's clean stop always writes its copy compressed; the same live data, copied once more
      // without compression, is what an uncompressed file holds at its densest.
      Path uncompressed = scratch.directory().resolve("uncompressed.mv.db");
      Files.copy(file, uncompressed);
      MVStoreTool.compact(uncompressed.toString(), false);
      System.out.printf(
          "the live data, uncompressed: %.1f MB; largest sample %.1f MB = %.2f × the live data"
              + " uncompressed, %.2f × compressed%n",
          Files.size(uncompressed) / 1e6,
          largest / 1e6,
          (double) largest / Files.size(uncompressed),
          (double) largest / Files.size(file));
    }
  }

  /** The same load on PostgreSQL, sampled from {@code pg_stat_user_tables}. */
  private static void postgres(
      int hosts, int instancesPerHost, int minutes, int faultSeconds, boolean vacuum)
      throws Exception {
    try (ScratchSchema scratch = ScratchSchema.create("growth_");
        Connection sampler = scratch.connect()) {
      String schema = scratch.name();
      String serverUrl = scratch.url() + "&user=postgres";
      FaultLoopScenario scenario =
          FaultLoopScenario.start(serverUrl, hosts, instancesPerHost, System.out);
      long largest = 0;
      try (SteadyLoad load = SteadyLoad.start(scenario, minutes, faultSeconds)) {
        System.out.println(
            "minute | heartbeats | faults | alarms churned | tables+indexes MB | live tuples |"
                + " dead tuples | autovacuums");
        for (int minute = 1; minute <= minutes; minute++) {
          TimeUnit.MINUTES.sleep(1);
          if (vacuum) {
            vacuum(sampler, schema);
          }
          PgUsage usage = PgUsage.of(sampler, schema);
          largest = Math.max(largest, usage.bytes());
          System.out.printf(
              "%6d | %10d | %6d | %14d | %17.1f | %11d | %11d | %11d%n",
              minute,
              load.load.heartbeats.get(),
              load.faults.get(),
              load.load.churned.get(),
              usage.bytes() / 1e6,
              usage.liveTuples(),
              usage.deadTuples(),
              usage.autovacuums());
        }
        load.await();
        System.out.printf("%d load errors%n", load.load.errors.get());
      } finally {
        scenario.close();
      }
      PgUsage before = PgUsage.of(sampler, schema);
      try (Statement statement = sampler.createStatement()) {
        statement.execute("SET search_path TO " + schema);
        statement.execute("VACUUM FULL");
      }
      PgUsage after = PgUsage.of(sampler, schema);
      System.out.printf(
          "end: %.1f MB; after VACUUM FULL (the live data) %.1f MB; largest sample %.1f MB ="
              + " %.2f × the live data%n",
          before.bytes() / 1e6,
          after.bytes() / 1e6,
          largest / 1e6,
          (double) largest / after.bytes());
    }
  }

  /** A plain {@code VACUUM} of each table of {@code schema}, and of no other. */
  private static void vacuum(Connection connection, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = ?")) {
      query.setString(1, schema);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (String table : tables) {
        statement.execute("VACUUM " + schema + ".\"" + table + "\"");
      }
    }
  }

  /** A PostgreSQL schema's tables (with indexes and TOAST) and tuples, as its statistics say. */
  private record PgUsage(long bytes, long liveTuples, long deadTuples, long autovacuums) {
    static PgUsage of(Connection connection, String schema) throws SQLException {
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT COALESCE(SUM(pg_total_relation_size(relid)), 0),"
                  + " COALESCE(SUM(n_live_tup), 0), COALESCE(SUM(n_dead_tup), 0),"
                  + " COALESCE(SUM(autovacuum_count), 0)"
                  + " FROM pg_stat_user_tables WHERE schemaname = ?")) {
        query.setString(1, schema);
        try (ResultSet row = query.executeQuery()) {
          row.next();
          return new PgUsage(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
      }
    }
  }

  /** The steady load's tasks, started together; {@link #await} surfaces a failure. */
  private static final class SteadyLoad implements AutoCloseable {
    final Load load;
    final AtomicLong faults = new AtomicLong();

    /**
     * Heartbeat lanes, each sending its share of the hosts' heartbeats one request at a time: 16
     * keep 1,000 hosts at one a second while a heartbeat takes up to 16 ms to answer.
     */
    private static final int LANES = 16;

    private final ExecutorService workers = Executors.newFixedThreadPool(LANES + 2);
    private final List<Future<Void>> tasks = new ArrayList<>();

    private SteadyLoad(Load load) {
      this.load = load;
    }

    static SteadyLoad start(FaultLoopScenario scenario, int minutes, int faultSeconds)
        throws IOException, InterruptedException {
      SteadyLoad steady = new SteadyLoad(new Load(scenario.baseUrl()));
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
      List<String> names = scenario.hosts();
      for (int lane = 0; lane < LANES; lane++) {
        int first = lane;
        steady.tasks.add(
            steady.workers.submit(() -> steady.load.heartbeats(names, first, LANES, end)));
      }
      steady.tasks.add(steady.workers.submit(() -> steady.load.alarmChurn(end)));
      steady.tasks.add(
          steady.workers.submit(
              () -> {
                int next = 0;
                while (System.nanoTime() < end) {
                  String host = names.get(next++ % names.size());
                  long started = System.nanoTime();
                  scenario.failHost(host, Duration.ofSeconds(60));
                  scenario.restoreHost(host);
                  steady.faults.incrementAndGet();
                  long rest =
                      TimeUnit.SECONDS.toNanos(faultSeconds) - (System.nanoTime() - started);
                  if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest);
                  }
                }
                return null;
              }));
      return steady;
    }

    void await() throws Exception {
      for (Future<Void> task : tasks) {
        task.get();
      }
    }

    @Override
    public void close() throws InterruptedException {
      workers.shutdownNow();
      workers.awaitTermination(2, TimeUnit.MINUTES);
    }
  }

  /** The steady load, over the public APIs. */
  private static final class Load {
    private final HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    final AtomicLong heartbeats = new AtomicLong();
    final AtomicLong churned = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    Load(String baseUrl) throws IOException, InterruptedException {
      this.baseUrl = baseUrl;
      String body =
          """
          {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
            "domain": {"id": "default"}, "password": "%s"}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
          """
              .formatted(FaultLoopScenario.PASSWORD);
      this.token =
          send("POST", "/v3/auth/tokens", body)
              .headers()
              .firstValue("X-Subject-Token")
              .orElseThrow();
    }

    /** Every {@code stride}-th host from {@code first}, once a second each. */
    Void heartbeats(List<String> hosts, int first, int stride, long end) throws Exception {
      while (System.nanoTime() < end) {
        long second = System.nanoTime();
        for (int i = first; i < hosts.size() && System.nanoTime() < end; i += stride) {
          try {
            check(send("POST", "/v1/agents/heartbeat", "{\"host\": \"" + hosts.get(i) + "\"}"));
            heartbeats.incrementAndGet();
          } catch (IOException e) {
            errors.incrementAndGet(); // counted and printed; one lost request does not end the run
          }
        }
        long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - second);
        if (rest > 0) {
          TimeUnit.NANOSECONDS.sleep(rest);
        }
      }
      return null;
    }

    /** An alarm created and an older one deleted every 100 ms; about 100 churn alarms live. */
    Void alarmChurn(long end) throws Exception {
      Deque<String> live = new ArrayDeque<>();
      int n = 0;
      while (System.nanoTime() < end) {
        String body =
            """
            {"name": "churn-%d", "type": "event", "alarm_actions": ["log://"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                          "value": "churn-%d"}]}}
            """
                .formatted(n, n);
        n++;
        HttpResponse<String> created = send("POST", "/v2/alarms", body);
        check(created);
        Matcher id = ALARM_ID.matcher(created.body());
        if (id.find()) {
          live.add(id.group(1));
        }
        if (live.size() > 100) {
          check(send("DELETE", "/v2/alarms/" + live.poll(), null));
        }
        churned.incrementAndGet();
        TimeUnit.MILLISECONDS.sleep(100);
      }
      return null;
    }

    private void check(HttpResponse<String> response) {
      if (response.statusCode() >= 300) {
        errors.incrementAndGet();
      }
    }

    private HttpResponse<String> send(String method, String path, String body)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (token != null) {
        request.header("X-Auth-Token", token);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
