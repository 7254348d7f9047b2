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
    NetworkConfig network) {
  public FaultlineConfig {
    server = server == null ? ServerConfig.defaults() : server;
    store = store == null ? StoreConfig.defaults() : store;
    identity = identity == null ? IdentityConfig.defaults() : identity;
    policy = policy == null ? PolicyConfig.defaults() : policy;
    compute = compute == null ? ComputeConfig.defaults() : compute;
    network = network == null ? NetworkConfig.defaults() : network;
  }

  public static FaultlineConfig defaults() {
    return new FaultlineConfig(null, null, null, null, null, null);
  }

  public FaultlineConfig withPolicy(PolicyConfig replacement) {
    return new FaultlineConfig(server, store, identity, replacement, compute, network);
  }

  public FaultlineConfig withCompute(ComputeConfig replacement) {
    return new FaultlineConfig(server, store, identity, policy, replacement, network);
  }

  public FaultlineConfig withNetwork(NetworkConfig replacement) {
    return new FaultlineConfig(server, store, identity, policy, compute, replacement);
  }
}
