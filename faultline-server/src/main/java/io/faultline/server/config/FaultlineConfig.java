package io.faultline.server.config;

/**
 * All configuration: one record per component, read from one YAML file with kebab-case keys ({@code
 * server: {port: 8080}}) and overridden by environment variables (see {@link ConfigLoader}).
 * Unknown keys and invalid values fail start, naming the key.
 */
public record FaultlineConfig(
    ServerConfig server,
    StoreConfig store,
    IdentityConfig identity,
    PolicyConfig policy,
    ComputeConfig compute,
    NetworkConfig network,
    AlarmConfig alarm,
    InspectorConfig inspector,
    MonitorConfig monitor,
    BusConfig bus,
    ClusterConfig cluster,
    RetentionConfig retention) {
  public FaultlineConfig {
    server = server == null ? ServerConfig.defaults() : server;
    store = store == null ? StoreConfig.defaults() : store;
    identity = identity == null ? IdentityConfig.defaults() : identity;
    policy = policy == null ? PolicyConfig.defaults() : policy;
    compute = compute == null ? ComputeConfig.defaults() : compute;
    network = network == null ? NetworkConfig.defaults() : network;
    alarm = alarm == null ? AlarmConfig.defaults() : alarm;
    inspector = inspector == null ? InspectorConfig.defaults() : inspector;
    monitor = monitor == null ? MonitorConfig.defaults() : monitor;
    bus = bus == null ? BusConfig.defaults() : bus;
    cluster = cluster == null ? ClusterConfig.defaults() : cluster;
    retention = retention == null ? RetentionConfig.defaults() : retention;
  }

  /** Whether this process is a node of a cluster: PostgreSQL and RabbitMQ, shared. */
  public boolean clustered() {
    return bus.url() != null && store.url() != null && store.url().startsWith("jdbc:postgresql:");
  }

  public FaultlineConfig withCluster(ClusterConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        replacement,
        retention);
  }

  public static FaultlineConfig defaults() {
    return new FaultlineConfig(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public FaultlineConfig withServer(ServerConfig replacement) {
    return new FaultlineConfig(
        replacement,
        store,
        identity,
        policy,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withStore(StoreConfig replacement) {
    return new FaultlineConfig(
        server,
        replacement,
        identity,
        policy,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withIdentity(IdentityConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        replacement,
        policy,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withPolicy(PolicyConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        replacement,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withCompute(ComputeConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        replacement,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withAlarm(AlarmConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        network,
        replacement,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withInspector(InspectorConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        network,
        alarm,
        replacement,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withMonitor(MonitorConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        network,
        alarm,
        inspector,
        replacement,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withBus(BusConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        replacement,
        cluster,
        retention);
  }

  public FaultlineConfig withNetwork(NetworkConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        replacement,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        retention);
  }

  public FaultlineConfig withRetention(RetentionConfig replacement) {
    return new FaultlineConfig(
        server,
        store,
        identity,
        policy,
        compute,
        network,
        alarm,
        inspector,
        monitor,
        bus,
        cluster,
        replacement);
  }
}
