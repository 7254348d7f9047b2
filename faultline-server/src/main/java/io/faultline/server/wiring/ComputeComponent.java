package io.faultline.server.wiring;

import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.ComputeSettings;
import io.faultline.compute.FlavorService;
import io.faultline.compute.KeypairService;
import io.faultline.compute.QuotaService;
import io.faultline.compute.ServerActions;
import io.faultline.compute.ServerGroupService;
import io.faultline.compute.ServerService;
import io.faultline.network.HostPortService;
import io.faultline.network.SecurityGroupService;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.compute.AgentApi;
import io.faultline.server.api.compute.FlavorsApi;
import io.faultline.server.api.compute.KeypairsApi;
import io.faultline.server.api.compute.MigrationsApi;
import io.faultline.server.api.compute.NovaApi;
import io.faultline.server.api.compute.QuotasApi;
import io.faultline.server.api.compute.ServerGroupsApi;
import io.faultline.server.api.compute.ServersApi;
import io.faultline.server.api.image.ImageApi;
import io.faultline.server.http.ApiModule;
import io.faultline.store.JdbiComputeStore;
import io.faultline.store.JdbiFlavorStore;
import io.faultline.store.JdbiKeypairStore;
import io.faultline.store.JdbiNetworkStore;
import io.faultline.store.JdbiQuotaStore;
import io.faultline.store.JdbiSecurityGroupStore;
import io.faultline.store.JdbiServerGroupStore;
import java.util.List;
import java.util.Optional;

/** Nova-compatible compute (blueprint 1), the agent heartbeat, and the minimal image service. */
public final class ComputeComponent implements Component {
  private volatile ComputeService service;

  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    ComputePolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    ComputeSettings settings = context.config().compute().settings();
    JdbiComputeStore store = new JdbiComputeStore();
    JdbiKeypairStore keypairStore = new JdbiKeypairStore();
    JdbiServerGroupStore groupStore = new JdbiServerGroupStore();
    FlavorService flavors =
        new FlavorService(new JdbiFlavorStore(), context.transactor(), context.policy());
    QuotaService quotas =
        new QuotaService(
            new JdbiQuotaStore(),
            store,
            keypairStore,
            groupStore,
            context.transactor(),
            context.policy());
    ComputeService compute =
        new ComputeService(
            store,
            context.transactor(),
            context.outbox(),
            context.policy(),
            context.clock(),
            settings);
    ServerService servers =
        new ServerService(
            store,
            context.transactor(),
            context.outbox(),
            context.policy(),
            context.clock(),
            settings,
            Optional.of(
                new HostPortService(
                    new JdbiNetworkStore(),
                    context.transactor(),
                    context.outbox(),
                    context.clock(),
                    new SecurityGroupService(
                        new JdbiSecurityGroupStore(),
                        context.transactor(),
                        context.policy(),
                        context.clock()))),
            quotas,
            Optional.of(keypairStore),
            flavors,
            Optional.of(groupStore));
    ServerActions actions =
        new ServerActions(servers, store, context.transactor(), context.outbox(), settings, quotas);
    service = compute;
    List<ApiModule> modules =
        List.of(
            new NovaApi(compute, context.config().server().maxPage()),
            new FlavorsApi(flavors),
            new ServersApi(servers, actions, context.policy(), context.config().server().maxPage()),
            new QuotasApi(quotas),
            new KeypairsApi(
                new KeypairService(
                    keypairStore, quotas, context.transactor(), context.policy(), context.clock())),
            new ServerGroupsApi(
                new ServerGroupService(
                    groupStore, quotas, context.transactor(), context.policy(), context.clock()),
                context.config().server().maxPage()),
            new MigrationsApi(servers),
            new AgentApi(compute),
            new ImageApi(context.policy()));
    return router -> modules.forEach(module -> module.register(router));
  }

  /** The service, once created: the inspector forces failed hosts down through it. */
  public ComputeService service() {
    ComputeService created = service;
    if (created == null) {
      throw new IllegalStateException("the compute component has not been created yet");
    }
    return created;
  }
}
