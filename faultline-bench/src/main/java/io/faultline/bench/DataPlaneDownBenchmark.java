package io.faultline.bench;

import io.faultline.bus.InProcessBus;
import io.faultline.bus.OutboxRelay;
import io.faultline.network.DataPlaneStatus;
import io.faultline.network.HostPortService;
import io.faultline.network.Network;
import io.faultline.network.NetworkId;
import io.faultline.network.Port;
import io.faultline.network.PortId;
import io.faultline.network.PortStatus;
import io.faultline.store.Database;
import io.faultline.store.DatabaseSettings;
import io.faultline.store.JdbiNetworkStore;
import io.faultline.store.JdbiOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Blueprint 4 at host scale: set the data plane DOWN for every port bound to a host with N ports,
 * through {@link HostPortService#setDataPlaneStatusOnHost}: one locking SELECT by host, one batched
 * UPDATE, start/end notifications of every port into the outbox, a durable commit, then publication
 * to the in-process bus. Each iteration uses a fresh host.
 *
 * <p>Usage: {@code DataPlaneDownBenchmark h2|postgres [ports] [warmup] [iterations]}; H2 is a file
 * database with {@code WRITE_DELAY=0}; PostgreSQL at $FAULTLINE_BENCH_PG_URL (default
 * jdbc:postgresql://127.0.0.1:5432/test, user postgres) in a fresh schema.
 */
public final class DataPlaneDownBenchmark {
  private DataPlaneDownBenchmark() {}

  public static void main(String[] args) throws Exception {
    String engine = args.length > 0 ? args[0] : "h2";
    int ports = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    Path directory = Files.createTempDirectory("faultline-bench");
    Database database = Database.open(settings(engine, directory));
    JdbiOutbox outboxTable = new JdbiOutbox(database);
    try (database;
        InProcessBus bus = new InProcessBus();
        OutboxRelay outbox = new OutboxRelay(outboxTable, bus)) {
      bus.subscribe("sink", notification -> {});
      JdbiNetworkStore store = new JdbiNetworkStore();
      HostPortService hostPorts =
          new HostPortService(store, database.transactor(), outbox, InstantSource.system());
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Network network =
          new Network(
              new NetworkId(UUID.randomUUID().toString()),
              "bench",
              "",
              "project-1",
              true,
              true,
              Network.ACTIVE,
              1,
              now,
              now);
      database.transactor().run(tx -> store.insertNetwork(tx, network));
      double[] millis = new double[iterations];
      for (int i = 0; i < warmup + iterations; i++) {
        String host = "bench-" + i;
        List<Port> batch = ports(network, host, ports, now);
        database.transactor().run(tx -> store.insertPorts(tx, batch));
        awaitEmpty(outboxTable);
        long start = System.nanoTime();
        List<Port> changed =
            hostPorts.setDataPlaneStatusOnHost(host, Optional.of(DataPlaneStatus.DOWN));
        long elapsed = System.nanoTime() - start;
        if (changed.size() != ports) {
          throw new IllegalStateException("changed " + changed.size() + " of " + ports + " ports");
        }
        if (i >= warmup) {
          millis[i - warmup] = elapsed / 1_000_000.0;
        }
      }
      Arrays.sort(millis);
      System.out.printf(
          Locale.ROOT,
          "data plane DOWN on a host, %s, %d ports, %d iterations (after %d warm-up):"
              + " min %.1f ms, median %.1f ms, p90 %.1f ms, max %.1f ms%n",
          engine,
          ports,
          iterations,
          warmup,
          millis[0],
          percentile(millis, 50),
          percentile(millis, 90),
          millis[millis.length - 1]);
    } finally {
      deleteRecursively(directory);
    }
  }

  /**
   * Waits until the previous iteration's notifications have left the outbox, so that its background
   * clean-up does not run inside the next measurement (host-wide reports do not come back to back).
   */
  private static void awaitEmpty(JdbiOutbox outbox) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!outbox.pending(1).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static List<Port> ports(Network network, String host, int count, Instant now) {
    List<Port> ports = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ports.add(
          new Port(
              new PortId(UUID.randomUUID().toString()),
              "port-" + i,
              "",
              network.id(),
              "project-" + (i % 20),
              "vm-" + host + "-" + i,
              "compute:nova",
              host,
              String.format(
                  Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255),
              List.of(),
              true,
              PortStatus.ACTIVE,
              Optional.empty(),
              1,
              now,
              now));
    }
    return ports;
  }

  private static double percentile(double[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static DatabaseSettings settings(String engine, Path directory) throws SQLException {
    return switch (engine) {
      case "h2" ->
          new DatabaseSettings(
              DatabaseSettings.h2FileUrl(directory), Optional.empty(), Optional.empty(), 4, 10_000);
      case "postgres" -> {
        String url =
            System.getenv()
                .getOrDefault("FAULTLINE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE SCHEMA " + schema);
        }
        yield new DatabaseSettings(
            url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
            Optional.of("postgres"),
            Optional.empty(),
            4,
            10_000);
      }
      default -> throw new IllegalArgumentException("engine must be h2 or postgres: " + engine);
    };
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
