package io.faultline.server.wiring;

import io.faultline.network.NetworkPolicies;
import io.faultline.network.NetworkService;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.network.NetworkApi;
import io.faultline.server.http.ApiModule;
import io.faultline.store.JdbiNetworkStore;

/** Neutron-compatible networks and ports, with status and data-plane status reports. */
public final class NetworkComponent implements Component {
  private volatile NetworkService service;

  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    NetworkPolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    service =
        new NetworkService(
            new JdbiNetworkStore(),
            context.transactor(),
            context.outbox(),
            context.policy(),
            context.clock());
    return new NetworkApi(service, context.config().network().filterValidation());
  }

  /**
   * The service, once created: compute depends on its {@link io.faultline.network.InstancePorts}
   * ({@code service().hostPorts()}) and the inspector on its host-wide data-plane report.
   */
  public NetworkService service() {
    NetworkService created = service;
    if (created == null) {
      throw new IllegalStateException("the network component has not been created yet");
    }
    return created;
  }
}
