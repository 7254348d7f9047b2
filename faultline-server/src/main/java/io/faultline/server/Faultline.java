package io.faultline.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.faultline.bus.Bus;
import io.faultline.bus.InProcessBus;
import io.faultline.bus.OutboxRelay;
import io.faultline.cluster.ClusterChannel;
import io.faultline.cluster.ClusterMessage;
import io.faultline.cluster.ClusterMessage.Kind;
import io.faultline.cluster.ClusterPolicies;
import io.faultline.cluster.ClusterService;
import io.faultline.cluster.ClusterStore;
import io.faultline.cluster.Membership;
import io.faultline.cluster.NodeId;
import io.faultline.doctor.FaultLog;
import io.faultline.identity.AuthenticationThrottle;
import io.faultline.identity.IdentityBootstrap;
import io.faultline.identity.IdentityService;
import io.faultline.identity.PasswordHasher;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import io.faultline.rabbitmq.RabbitMqBus;
import io.faultline.server.api.cluster.ClusterApi;
import io.faultline.server.api.ops.OperationsApi;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.HttpServer;
import io.faultline.server.http.Router;
import io.faultline.server.metrics.FaultLoopMeters;
import io.faultline.server.metrics.ServerMetrics;
import io.faultline.server.metrics.StoreGauges;
import io.faultline.server.wiring.AlarmComponent;
import io.faultline.server.wiring.Component;
import io.faultline.server.wiring.ComputeComponent;
import io.faultline.server.wiring.ConsoleComponent;
import io.faultline.server.wiring.IdentityComponent;
import io.faultline.server.wiring.InspectorComponent;
import io.faultline.server.wiring.Lifecycle;
import io.faultline.server.wiring.NetworkComponent;
import io.faultline.server.wiring.ServerContext;
import io.faultline.store.Database;
import io.faultline.store.JdbiAlarmStore;
import io.faultline.store.JdbiClusterStore;
import io.faultline.store.JdbiFaultStore;
import io.faultline.store.JdbiIdentityStore;
import io.faultline.store.JdbiOutbox;
import io.faultline.store.StoreCounts;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running application: store, bus, identity, every component's API, one HTTP listener. */
public final class Faultline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Faultline.class);

  /** Faults whose timelines are kept live in memory; older ones are read from the store. */
  private static final int FAULTS_IN_MEMORY = 10_000;

  /** How long a final fault's later stamps gather before they are written, in one commit. */
  private static final Duration FAULT_WRITE_BEHIND = Duration.ofMillis(100);

  /** How deep a request's JSON may nest. */
  public static final int MAX_JSON_DEPTH = 64;

  /** The capabilities this server runs, in start order. */
  static List<Component> components() {
    ComputeComponent compute = new ComputeComponent();
    NetworkComponent network = new NetworkComponent();
    AlarmComponent alarm = new AlarmComponent();
    InspectorComponent inspector = new InspectorComponent(compute::service, network::service);
    return List.of(
        new IdentityComponent(),
        compute,
        network,
        alarm,
        inspector,
        new ConsoleComponent(
            compute::service, network::service, alarm::service, alarm::addActivityListener));
  }

  private final Lifecycle lifecycle;
  private final ServerContext context;
  private final HttpServer http;
  private final Optional<String> generatedAdminPassword;
  private final Retention retention;

  private Faultline(
      Lifecycle lifecycle,
      ServerContext context,
      HttpServer http,
      Optional<String> generatedAdminPassword,
      Retention retention) {
    this.lifecycle = lifecycle;
    this.context = context;
    this.http = http;
    this.generatedAdminPassword = generatedAdminPassword;
    this.retention = retention;
  }

  /** Starts everything; returns once the server answers requests. */
  public static Faultline start(FaultlineConfig config, InstantSource clock) {
    return start(config, clock, password -> {});
  }

  /**
   * Starts everything; {@code generatedPassword} hears the admin password generated on first start
   * as soon as it is stored, so that a later failure to start cannot lose it.
   */
  public static Faultline start(
      FaultlineConfig config, InstantSource clock, Consumer<String> generatedPassword) {
    requireNonNull(config, "config is null");
    requireNonNull(clock, "clock is null");
    requireNonNull(generatedPassword, "generatedPassword is null");
    Lifecycle lifecycle = new Lifecycle();
    try {
      return start(config, clock, generatedPassword, lifecycle);
    } catch (RuntimeException e) {
      lifecycle.close();
      throw e;
    }
  }

  private static Faultline start(
      FaultlineConfig config,
      InstantSource clock,
      Consumer<String> generatedPassword,
      Lifecycle lifecycle) {
    if (config.store().url() == null) {
      DataDirectory.create(config.store().dataDirectory());
    }
    ServerMetrics metrics = lifecycle.register(new ServerMetrics());
    Database database =
        lifecycle.register(
            Database.open(config.store().databaseSettings(), Optional.of(metrics.poolMetrics())));
    if (config.store().url() == null) {
      DataDirectory.restrictFiles(config.store().dataDirectory());
    }
    Optional<NodeId> node = config.clustered() ? Optional.of(NodeId.random()) : Optional.empty();
    Optional<Membership> membership =
        node.map(
            id ->
                new Membership(
                    new JdbiClusterStore(),
                    database.transactor(),
                    clock,
                    id,
                    Optional.ofNullable(config.cluster().address()).orElse("starting"),
                    config.cluster().lease()));
    // Registered before anything is written as this node's: rows of no live node are adopted.
    membership.ifPresent(Membership::join);
    Bus bus = lifecycle.register(bus(config));
    ClusterChannel channel =
        node.map(id -> ((RabbitMqBus) bus).clusterChannel(id)).orElse(ClusterChannel.ALONE);
    ScheduledExecutorService faultWriter =
        lifecycle.register(
            Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "fault-writer");
                  thread.setDaemon(true);
                  return thread;
                }));
    FaultLog faults =
        new FaultLog(
            new JdbiFaultStore(database, node),
            // Only a fault already final is written behind (the stamps of its alarms and webhooks,
            // one per consumer, keep arriving): delayed, they become one commit instead of one
            // each, and do not queue in front of the evaluator's commit on a store that commits
            // one at a time (H2). Every stage a restart depends on is written through by the
            // inspector. A clean stop runs the delayed writes: shutdown() keeps a scheduled
            // executor's delayed tasks, and close() waits for them.
            runnable -> {
              var unused =
                  faultWriter.schedule(
                      runnable, FAULT_WRITE_BEHIND.toMillis(), TimeUnit.MILLISECONDS);
            },
            FAULTS_IN_MEMORY,
            new FaultLoopMeters(metrics.registry()));
    OutboxRelay outbox =
        lifecycle.register(new OutboxRelay(new JdbiOutbox(database, node), bus, faults, clock));

    List<Component> components = components();
    PolicyDefaults defaults = new PolicyDefaults();
    components.forEach(component -> component.registerPolicies(defaults));
    ClusterPolicies.register(defaults);
    Policy policy = Policy.of(defaults.rules(), policyOverrides(config));

    PasswordHasher hasher = new PasswordHasher(config.identity().bcryptCost());
    JdbiIdentityStore identityStore = new JdbiIdentityStore();
    IdentityService identity =
        new IdentityService(
            identityStore,
            database.transactor(),
            policy,
            hasher,
            clock,
            config.identity().tokenExpiration(),
            new AuthenticationThrottle(config.identity().throttle(), clock));
    Optional<String> generated =
        new IdentityBootstrap(identityStore, database.transactor(), hasher)
            .bootstrap(config.identity().adminPasswordIfSet());
    generated.ifPresent(generatedPassword);
    identity.publishInvalidationsTo(
        hash -> channel.publish(new ClusterMessage(Kind.TOKENS_INVALIDATED, hash.orElse(""))));
    channel.subscribe(
        message -> {
          if (message.kind() == Kind.TOKENS_INVALIDATED) {
            identity.invalidateCached(
                message.subject().isEmpty() ? Optional.empty() : Optional.of(message.subject()));
          }
        });

    PrometheusMeterRegistry meterRegistry = metrics.registry();
    StoreGauges storeGauges =
        new StoreGauges(
            new StoreCounts(database), clock, config.compute().serviceDownTime(), meterRegistry);
    metrics.beforeScrape(storeGauges::refresh);
    ServerContext context =
        new ServerContext(
            config,
            database,
            database.transactor(),
            outbox,
            faults,
            bus,
            policy,
            clock,
            identity,
            apiMapper(),
            meterRegistry,
            lifecycle,
            node,
            channel);

    AtomicBoolean ready = new AtomicBoolean();
    List<ApiModule> modules = new ArrayList<>();
    for (Component component : components) {
      modules.add(component.create(context));
    }
    modules.add(new OperationsApi(metrics::scrape, ready::get, database::isReachable));
    modules.add(
        new ClusterApi(
            new ClusterService(
                policy,
                clock,
                node.map(
                    id ->
                        new ClusterService.Cluster(
                            new JdbiClusterStore(),
                            database.transactor(),
                            id,
                            config.cluster().partitions())))));
    HttpServer http =
        new HttpServer(
            identity,
            context.mapper(),
            meterRegistry,
            config.server().maxBodyBytes(),
            config.server().bodyTimeout(),
            config.server().publicUrl(),
            modules);
    http.start(config.server().host(), config.server().port());
    lifecycle.register(http);

    membership.ifPresent(
        member -> {
          if (config.cluster().address() == null) {
            member.joinAt(http.baseUrl());
          }
          startClustering(config, clock, member, database, outbox, components, lifecycle);
        });
    int replayed = outbox.replay();
    if (replayed > 0) {
      log.info("replayed {} notifications left in the outbox", replayed);
    }
    var unusedRetry =
        lifecycle.scheduler().scheduleWithFixedDelay(outbox::retryFailed, 2, 2, TimeUnit.SECONDS);
    var unusedPurge =
        lifecycle
            .scheduler()
            .scheduleWithFixedDelay(() -> purgeTokens(identity), 1, 60, TimeUnit.MINUTES);
    Retention retention =
        new Retention(
            config.retention(), database.transactor(), new JdbiAlarmStore(), faults, clock);
    if (config.retention().enabled()) {
      ScheduledExecutorService expirer = lifecycle.newScheduler("faultline-retention");
      long interval = config.retention().interval().toMillis();
      var unusedRetention =
          expirer.scheduleWithFixedDelay(
              retention::purgeQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }
    ready.set(true);
    log.info("Faultline is serving on {}", http.baseUrl());
    return new Faultline(lifecycle, context, http, generated, retention);
  }

  /**
   * This node's part in the cluster: it renews its lease on a thread of its own (a slow takeover
   * never delays it), and on every tick adopts what dead nodes owned and rebalances the hosts it
   * watches.
   */
  private static void startClustering(
      FaultlineConfig config,
      InstantSource clock,
      Membership membership,
      Database database,
      OutboxRelay outbox,
      List<Component> components,
      Lifecycle lifecycle) {
    long interval = config.cluster().renewInterval().toMillis();
    ScheduledExecutorService renewer = lifecycle.newScheduler("cluster-lease");
    var unusedRenew =
        renewer.scheduleWithFixedDelay(
            () -> guarded("renewing this node's lease", membership::renew),
            interval,
            interval,
            TimeUnit.MILLISECONDS);
    AlarmComponent alarms = find(components, AlarmComponent.class);
    InspectorComponent inspector = find(components, InspectorComponent.class);
    JdbiClusterStore store = new JdbiClusterStore();
    Runnable tick =
        () -> {
          ClusterStore.Adopted adopted =
              database
                  .transactor()
                  .inTransaction(tx -> store.adoptOrphans(tx, membership.self(), clock.instant()));
          if (!adopted.isEmpty()) {
            log.info(
                "adopted from dead nodes: {} outbox batches, {} deliveries, {} faults",
                adopted.outboxBatches(),
                adopted.deliveryIds().size(),
                adopted.faultIds().size());
          }
          inspector.resumeFaults(adopted.faultIds());
          alarms.resumeDeliveries(adopted.deliveryIds());
          if (adopted.outboxBatches() > 0) {
            outbox.replay();
          }
          int live = membership.liveCount(membership.nodes());
          alarms.rebalancePartitions(live);
          inspector.rebalanceHosts(live);
          var unusedForgotten =
              database
                  .transactor()
                  .inTransaction(
                      tx -> store.forgetDead(tx, clock.instant().minus(FORGET_DEAD_AFTER)));
        };
    var unusedTick =
        lifecycle
            .scheduler()
            .scheduleWithFixedDelay(
                () -> guarded("taking over from dead nodes", tick),
                0,
                interval,
                TimeUnit.MILLISECONDS);
  }

  /** How long a dead node stays listed by {@code GET /v1/cluster}. */
  private static final java.time.Duration FORGET_DEAD_AFTER = java.time.Duration.ofMinutes(10);

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("{} failed; trying again at the next tick", what, e);
    }
  }

  private static <T> T find(List<Component> components, Class<T> type) {
    return components.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName()));
  }

  /** RabbitMQ when {@code bus.url} names it, else the in-process bus. */
  private static Bus bus(FaultlineConfig config) {
    return config
        .bus()
        .rabbitMq()
        .<Bus>map(settings -> RabbitMqBus.connect(settings, "faultline@" + hostName()))
        .orElseGet(InProcessBus::new);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  private static void purgeTokens(IdentityService identity) {
    try {
      identity.purgeExpiredTokens();
    } catch (RuntimeException e) {
      log.warn("could not purge expired tokens", e);
    }
  }

  /**
   * The mapper every API writes and reads JSON with. No OpenStack body nests deeper than a few
   * levels; a document nested deeper than {@link #MAX_JSON_DEPTH} is refused while it is parsed.
   */
  public static ObjectMapper apiMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH).build())
            .build();
    return new ObjectMapper(factory)
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  private static Map<String, String> policyOverrides(FaultlineConfig config) {
    if (config.policy().file() == null) {
      return Map.of();
    }
    Path file = Path.of(config.policy().file());
    try {
      Map<?, ?> raw = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
      Map<String, String> overrides = new java.util.LinkedHashMap<>();
      if (raw != null) {
        raw.forEach((key, value) -> overrides.put(String.valueOf(key), String.valueOf(value)));
      }
      return overrides;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "policy.file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public int port() {
    return http.port();
  }

  public String baseUrl() {
    return http.baseUrl();
  }

  public ServerContext context() {
    return context;
  }

  /** The expirer; it runs every {@code retention.interval}, and tests may run it at once. */
  public Retention retention() {
    return retention;
  }

  /** Every route the server answers, at its bare path. */
  public List<Router.Route> routes() {
    return http.routes();
  }

  /** The admin password generated on first start, if one was; it is stored only hashed. */
  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }

  @Override
  public void close() {
    lifecycle.close();
  }
}
