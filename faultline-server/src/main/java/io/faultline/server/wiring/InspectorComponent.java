package io.faultline.server.wiring;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.DeduplicatingSubscriber;
import io.faultline.cause.FaultId;
import io.faultline.cluster.ClusterMessage;
import io.faultline.cluster.ClusterMessage.Kind;
import io.faultline.cluster.HostWatch;
import io.faultline.compute.ComputeService;
import io.faultline.doctor.CommandFenceAgent;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultLog;
import io.faultline.doctor.FenceAgent;
import io.faultline.doctor.HeartbeatMonitor;
import io.faultline.doctor.Inspector;
import io.faultline.doctor.InspectorPolicies;
import io.faultline.doctor.Maintenance;
import io.faultline.doctor.NovaServiceReports;
import io.faultline.doctor.OperatorReports;
import io.faultline.doctor.ServiceRemediation;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.network.NetworkService;
import io.faultline.policy.Credentials;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.inspector.InspectorApi;
import io.faultline.server.api.inspector.MaintenanceApi;
import io.faultline.server.config.InspectorConfig;
import io.faultline.server.config.MonitorConfig;
import io.faultline.server.http.ApiModule;
import io.faultline.store.JdbiClusterStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Doctor loop: the inspector (raw-fault intake, fencing, host-down and data-plane-down) and the
 * built-in heartbeat monitor that reports to it.
 */
public final class InspectorComponent implements Component {
  private static final Logger log = LoggerFactory.getLogger(InspectorComponent.class);
  private static final int DEDUP_WINDOW = 10_000;

  /** The built-in monitor reports as a monitor would. */
  static final Credentials MONITOR =
      new Credentials(
          "faultline-monitor",
          "faultline-monitor",
          "default",
          Optional.empty(),
          Optional.empty(),
          Set.of("monitor"));

  /**
   * The cloud's own Nova, as it disables or enables a compute service on the bus: the bus is
   * trusted as the cloud's control plane, so it acts as an admin would through the API.
   */
  static final Credentials NOVA =
      new Credentials(
          NovaServiceReports.MONITOR,
          NovaServiceReports.MONITOR,
          "default",
          Optional.empty(),
          Optional.empty(),
          Set.of("admin"));

  private final Supplier<ComputeService> compute;
  private volatile Inspector inspector;
  private volatile FaultLog faults;
  private volatile HostWatch hosts;
  private final Supplier<NetworkService> network;

  public InspectorComponent(Supplier<ComputeService> compute, Supplier<NetworkService> network) {
    this.compute = requireNonNull(compute, "compute is null");
    this.network = requireNonNull(network, "network is null");
  }

  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    InspectorPolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    InspectorConfig config = context.config().inspector();
    ExecutorService workQueue =
        context.lifecycle().register(Executors.newVirtualThreadPerTaskExecutor());
    Inspector inspector =
        new Inspector(
            context.policy(),
            context.faults(),
            fenceAgent(config),
            new ServiceRemediation(
                compute.get(), network.get(), context.transactor(), Inspector.SYSTEM_PRINCIPAL),
            workQueue,
            context.clock(),
            config.dataPlaneDownOnHostDown(),
            java.time.Duration.ofSeconds(1),
            crashPoint());
    compute
        .get()
        .reportHostFaultsTo(
            new OperatorReports(inspector, context.clock(), config.fenceTimeout().plusSeconds(30)));
    this.inspector = inspector;
    this.faults = context.faults();
    int resumed = inspector.resume();
    if (resumed > 0) {
      log.info("handling {} faults again that were accepted but not finished", resumed);
    }
    Maintenance maintenance = new Maintenance(compute.get(), context.faults(), context.clock());
    var unusedExpiry =
        context
            .lifecycle()
            .scheduler()
            .scheduleWithFixedDelay(
                guarded("ending expired maintenance windows", maintenance::endExpired),
                1,
                1,
                TimeUnit.SECONDS);
    startMonitor(context, inspector, maintenance);
    context
        .bus()
        .subscribe(
            "nova-service-reports",
            new DeduplicatingSubscriber(
                new NovaServiceReports(
                    reports -> inspector.accept(reports),
                    (host, disabled, reason) -> followNova(maintenance, host, disabled, reason)),
                DEDUP_WINDOW));
    InspectorApi faults = new InspectorApi(inspector, context.config().inspector().alertmanager());
    MaintenanceApi maintenanceApi = new MaintenanceApi(maintenance);
    return router -> {
      faults.register(router);
      maintenanceApi.register(router);
    };
  }

  private void startMonitor(ServerContext context, Inspector inspector, Maintenance maintenance) {
    MonitorConfig config = context.config().monitor();
    if (!config.enabled()) {
      return;
    }
    AtomicReference<HeartbeatMonitor> created = new AtomicReference<>();
    Predicate<String> watched = host -> true;
    if (context.clustered()) {
      HostWatch hostWatch =
          new HostWatch(
              new JdbiClusterStore(),
              context.transactor(),
              context.clock(),
              context.node().orElseThrow(),
              () -> created.get().knownHosts(),
              hosts -> takeOver(created.get(), hosts));
      this.hosts = hostWatch;
      watched = hostWatch::watches;
    }
    HeartbeatMonitor monitor =
        new HeartbeatMonitor(
            raw -> inspector.report(MONITOR, List.of(raw)),
            context.clock(),
            config.settings(),
            watched);
    created.set(monitor);
    // Heartbeats may reach any node: each is passed to the others, whose monitors judge the hosts
    // they watch.
    compute
        .get()
        .addHeartbeatListener(
            host -> {
              monitor.beat(host);
              context.cluster().publish(new ClusterMessage(Kind.HOST_BEAT, host));
            });
    context
        .cluster()
        .subscribe(
            message -> {
              if (message.kind() == Kind.HOST_BEAT) {
                monitor.beat(message.subject());
              }
            });
    // Restart-safe: every compute service the store knows is watched from now, with a grace
    // period, so that a host whose agent died while Faultline was down is reported too.
    Map<String, Boolean> known = new HashMap<>();
    compute
        .get()
        .computeHosts(Inspector.SYSTEM_PRINCIPAL)
        .forEach(host -> known.put(host.host(), host.forcedDown()));
    monitor.watchAtStart(known, context.clock().instant());
    if (!known.isEmpty()) {
      log.info(
          "watching {} known compute hosts; silent ones are reported down after {}",
          known.size(),
          config.startGrace());
    }
    maintenance.onEnd(host -> monitor.rearm(host.value()));
    long period = Math.max(1, config.interval().toMillis() / 2);
    var unusedCheck =
        context
            .lifecycle()
            .scheduler()
            .scheduleAtFixedRate(
                guarded("checking heartbeats", monitor::check),
                period,
                period,
                TimeUnit.MILLISECONDS);
  }

  /** A compute service disabled or enabled by Nova: one that cannot be followed is logged. */
  private static void followNova(
      Maintenance maintenance, String host, boolean disabled, Optional<String> reason) {
    try {
      maintenance
          .follow(NOVA, new HostId(host), disabled, reason.map(text -> abbreviate(text, 255)))
          .ifPresent(
              window ->
                  log.info(
                      "Nova {} the compute service of {}: maintenance {}",
                      disabled ? "disabled" : "enabled",
                      host,
                      window.inMaintenance() ? "on" : "off"));
    } catch (FaultlineException e) {
      if (e.code().category() != ErrorCode.Category.USER) {
        throw e; // the store did not answer: the notification is delivered again
      }
      log.warn(
          "Nova's change of the compute service of {} is not followed: {}", host, e.getMessage());
    }
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Starts judging hosts this node has just taken over, as the store says they are. */
  private void takeOver(HeartbeatMonitor monitor, List<String> taken) {
    Map<String, Boolean> forcedDown = new HashMap<>();
    compute
        .get()
        .computeHosts(Inspector.SYSTEM_PRINCIPAL)
        .forEach(host -> forcedDown.put(host.host(), host.forcedDown()));
    for (String host : taken) {
      monitor.takeOver(host, forcedDown.getOrDefault(host, false));
    }
    log.info("watching {} more hosts: {}", taken.size(), taken);
  }

  /** Rebalances the hosts this node watches among {@code liveNodes}; a no-op alone. */
  public void rebalanceHosts(int liveNodes) {
    HostWatch watch = hosts;
    if (watch != null) {
      watch.rebalance(liveNodes);
    }
  }

  /** Handles the unfinished faults this node adopted from a dead one. */
  public void resumeFaults(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    // As the store has them: at the epoch the adoption moved them to, which this node's writes of
    // them must carry (a copy this node still held from before it was paused would not).
    List<Fault> adopted =
        ids.stream().map(id -> faults.stored(new FaultId(id))).flatMap(Optional::stream).toList();
    log.info("handling {} unfinished faults of a dead node", adopted.size());
    inspector.resume(adopted);
  }

  /**
   * Crash tests only: with the system property {@value #HALT_BEFORE_FAULT_RECORD} naming a file, a
   * handled fault waits, before its final status is recorded, until that file exists (the test
   * creates it once its consumer holds the fault's webhooks), and the process then halts as {@code
   * kill -9} would stop it: the fault's alarm transitions and deliveries are durable, its record
   * still says it is being handled.
   */
  private static Inspector.BeforeRecord crashPoint() {
    String signal = System.getProperty(HALT_BEFORE_FAULT_RECORD);
    if (signal == null || signal.isBlank()) {
      return Inspector.BeforeRecord.NONE;
    }
    java.nio.file.Path file = java.nio.file.Path.of(signal);
    return (id, outcome) -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!java.nio.file.Files.exists(file) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      log.warn("{} is set: halting before fault {} is recorded", HALT_BEFORE_FAULT_RECORD, id);
      Runtime.getRuntime().halt(137);
    };
  }

  /** The system property that makes {@link #crashPoint} halt; crash tests set it. */
  public static final String HALT_BEFORE_FAULT_RECORD = "faultline.test.halt-before-fault-record";

  /** A scheduled task that survives a failed run: the scheduler would cancel it otherwise. */
  private static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("{} failed; trying again at the next run", what, e);
      }
    };
  }

  private static FenceAgent fenceAgent(InspectorConfig config) {
    return switch (config.fenceAgent()) {
      case "command" -> new CommandFenceAgent(config.fenceCommandPath(), config.fenceTimeout());
      default -> FenceAgent.NONE;
    };
  }
}
