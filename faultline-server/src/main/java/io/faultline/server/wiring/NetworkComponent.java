package io.faultline.server.wiring;

import io.faultline.network.NetworkPolicies;
import io.faultline.network.NetworkService;
import io.faultline.network.SecurityGroupService;
import io.faultline.network.SubnetService;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.network.NetworkApi;
import io.faultline.server.api.network.SecurityGroupsApi;
import io.faultline.server.api.network.SubnetsApi;
import io.faultline.server.http.ApiModule;
import io.faultline.store.JdbiNetworkStore;
import io.faultline.store.JdbiSecurityGroupStore;

/** Neutron-compatible networks and ports, with status and data-plane status reports. */
public final class NetworkComponent implements Component {
  private volatile NetworkService service;

  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    NetworkPolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    SecurityGroupService securityGroupService =
        new SecurityGroupService(
            new JdbiSecurityGroupStore(), context.transactor(), context.policy(), context.clock());
    service =
        new NetworkService(
            new JdbiNetworkStore(),
            context.transactor(),
            context.outbox(),
            context.policy(),
            context.clock(),
            securityGroupService);
    boolean filterValidation = context.config().network().filterValidation();
    int maxPage = context.config().server().maxPage();
    NetworkApi networks = new NetworkApi(service, filterValidation, maxPage);
    SubnetsApi subnets =
        new SubnetsApi(
            new SubnetService(
                new JdbiNetworkStore(), context.transactor(), context.policy(), context.clock()),
            service,
            filterValidation,
            maxPage);
    SecurityGroupsApi securityGroups =
        new SecurityGroupsApi(securityGroupService, filterValidation, maxPage);
    return router -> {
      networks.register(router);
      subnets.register(router);
      securityGroups.register(router);
    };
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
