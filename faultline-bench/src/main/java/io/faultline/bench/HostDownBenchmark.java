package io.faultline.bench;

import io.faultline.bus.InProcessBus;
import io.faultline.bus.Outbox;
import io.faultline.bus.OutboxRelay;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.ComputeSettings;
import io.faultline.compute.ComputeStore;
import io.faultline.compute.Flavor;
import io.faultline.compute.Image;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceId;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServiceChange;
import io.faultline.compute.VmState;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import io.faultline.store.Database;
import io.faultline.store.JdbiComputeStore;
import io.faultline.store.JdbiOutbox;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host-down report (blueprint 1) for a host with N instances, measured end to end through
 * {@link ComputeService#reportHostDown}: lock, one UPDATE, batched faults, actions and outbox rows,
 * a durable commit, then publication to the in-process bus. Each iteration reports a fresh host,
 * once the previous one's outbox clean-up is done.
 *
 * <p>Usage: {@code HostDownBenchmark h2|h2-compressed|postgres [instances] [warmup] [iterations]};
 * PostgreSQL at $FAULTLINE_BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test, user
 * postgres) in a fresh schema.
 */
public final class HostDownBenchmark {
  private HostDownBenchmark() {}

  public static void main(String[] args) throws Exception {
    String engine = args.length > 0 ? args[0] : "h2";
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    // Where the time goes, per store and outbox method (FAULTLINE_BENCH_PHASES=true).
    PhaseTimer phases =
        "true".equals(System.getenv("FAULTLINE_BENCH_PHASES")) ? new PhaseTimer() : null;
    // Each timed iteration with its end time, to match a slow one against the log.
    boolean each = "true".equals(System.getenv("FAULTLINE_BENCH_EACH"));
    try (BenchDatabases.Scratch scratch = BenchDatabases.open(engine);
        Database database = Database.open(scratch.settings());
        InProcessBus bus = new InProcessBus();
        OutboxRelay outbox =
            new OutboxRelay(
                phases == null
                    ? new JdbiOutbox(database)
                    : phases.wrap(Outbox.class, new JdbiOutbox(database)),
                bus)) {
      bus.subscribe("sink", notification -> {});
      PolicyDefaults defaults = new PolicyDefaults();
      ComputePolicies.register(defaults);
      JdbiComputeStore store = new JdbiComputeStore();
      ComputeService compute =
          new ComputeService(
              phases == null ? store : phases.wrap(ComputeStore.class, store),
              database.transactor(),
              outbox,
              Policy.of(defaults.rules(), Map.of()),
              InstantSource.system(),
              ComputeSettings.DEFAULTS);
      Credentials admin =
          new Credentials(
              "admin",
              "admin",
              "default",
              Optional.of("admin"),
              Optional.of("admin"),
              Set.of("admin", "member", "reader"));
      double[] millis = new double[iterations];
      for (int i = 0; i < warmup + iterations; i++) {
        String host = "bench-" + i;
        compute.heartbeat(admin, host, "nova-compute");
        List<Instance> batch = instances(host, instances);
        database.transactor().run(tx -> store.insertInstances(tx, batch));
        BenchDatabases.awaitOutboxDrained(new JdbiOutbox(database));
        if (phases != null && i == warmup) {
          phases.reset();
        }
        long start = System.nanoTime();
        ServiceChange change =
            compute.reportHostDown(
                admin, new HostId(host), new Cause(FaultId.random(), admin.userName()));
        long elapsed = System.nanoTime() - start;
        if (change.instancesStopped() != instances) {
          throw new IllegalStateException(
              "report stopped " + change.instancesStopped() + " of " + instances);
        }
        if (i >= warmup) {
          millis[i - warmup] = elapsed / 1_000_000.0;
          if (each) {
            System.out.printf(
                Locale.ROOT,
                "  iteration %d at %s: %.1f ms%n",
                i - warmup,
                Instant.now(),
                millis[i - warmup]);
          }
        }
      }
      Arrays.sort(millis);
      System.out.printf(
          Locale.ROOT,
          "host-down report, %s, %d instances, %d iterations (after %d warm-up):"
              + " min %.1f ms, median %.1f ms, p90 %.1f ms, max %.1f ms%n",
          engine,
          instances,
          iterations,
          warmup,
          millis[0],
          BenchDatabases.percentile(millis, 50),
          BenchDatabases.percentile(millis, 90),
          millis[millis.length - 1]);
      if (phases != null) {
        System.out.print(phases.report(iterations));
      }
    }
  }

  private static List<Instance> instances(String host, int count) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<Instance> instances = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      instances.add(
          new Instance(
              InstanceId.random(),
              "vm-" + i,
              "project-" + (i % 20),
              "user-1",
              host,
              Flavor.STANDARD.get(0),
              Image.CIRROS.id(),
              VmState.ACTIVE,
              PowerState.RUNNING,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              now,
              now,
              Optional.of(now),
              Optional.empty()));
    }
    return instances;
  }
}
