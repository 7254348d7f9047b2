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
import io.faultline.store.JdbiNetworkStore;
import io.faultline.store.JdbiOutbox;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
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
    try (BenchDatabases.Scratch scratch = BenchDatabases.open(engine);
        Database database = Database.open(scratch.settings());
        InProcessBus bus = new InProcessBus();
        OutboxRelay outbox = new OutboxRelay(new JdbiOutbox(database), bus)) {
      JdbiOutbox outboxTable = new JdbiOutbox(database);
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
        BenchDatabases.awaitOutboxDrained(outboxTable);
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
          BenchDatabases.percentile(millis, 50),
          BenchDatabases.percentile(millis, 90),
          millis[millis.length - 1]);
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
}
