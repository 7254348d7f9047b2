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
import io.faultline.doctor.FaultLog;
import io.faultline.identity.AuthenticationThrottle;
import io.faultline.identity.IdentityBootstrap;
import io.faultline.identity.IdentityService;
import io.faultline.identity.PasswordHasher;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import io.faultline.rabbitmq.RabbitMqBus;
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
import io.faultline.store.JdbiFaultStore;
import io.faultline.store.JdbiIdentityStore;
import io.faultline.store.JdbiOutbox;
import io.faultline.store.StoreCounts;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        new ConsoleComponent(compute::service, network::service, alarm::service));
  }

  private final Lifecycle lifecycle;
  private final ServerContext context;
  private final HttpServer http;
  private final Optional<String> generatedAdminPassword;

  private Faultline(
      Lifecycle lifecycle,
      ServerContext context,
      HttpServer http,
      Optional<String> generatedAdminPassword) {
    this.lifecycle = lifecycle;
    this.context = context;
    this.http = http;
    this.generatedAdminPassword = generatedAdminPassword;
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
    Bus bus = lifecycle.register(bus(config));
    ExecutorService faultWriter =
        lifecycle.register(
            Executors.newSingleThreadExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "fault-writer");
                  thread.setDaemon(true);
                  return thread;
                }));
    FaultLog faults =
        new FaultLog(
            new JdbiFaultStore(database),
            faultWriter,
            FAULTS_IN_MEMORY,
            new FaultLoopMeters(metrics.registry()));
    OutboxRelay outbox =
        lifecycle.register(new OutboxRelay(new JdbiOutbox(database), bus, faults, clock));

    List<Component> components = components();
    PolicyDefaults defaults = new PolicyDefaults();
    components.forEach(component -> component.registerPolicies(defaults));
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
            lifecycle);

    AtomicBoolean ready = new AtomicBoolean();
    List<ApiModule> modules = new ArrayList<>();
    for (Component component : components) {
      modules.add(component.create(context));
    }
    modules.add(new OperationsApi(metrics::scrape, ready::get, database::isReachable));
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
    ready.set(true);
    log.info("Faultline is serving on {}", http.baseUrl());
    return new Faultline(lifecycle, context, http, generated);
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
