package io.faultline.server.wiring;

import io.faultline.identity.ApplicationCredentialService;
import io.faultline.identity.CatalogEntry;
import io.faultline.identity.DomainService;
import io.faultline.identity.IdentityAdminService;
import io.faultline.identity.IdentityPolicies;
import io.faultline.identity.PasswordHasher;
import io.faultline.identity.RoleInferenceService;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.identity.ApplicationCredentialApi;
import io.faultline.server.api.identity.DomainApi;
import io.faultline.server.api.identity.IdentityApi;
import io.faultline.server.api.identity.RoleInferenceApi;
import io.faultline.server.http.ApiModule;
import io.faultline.store.JdbiIdentityStore;
import java.util.List;

/** Keystone-compatible identity. The catalog points every service at this one server. */
public final class IdentityComponent implements Component {
  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    IdentityPolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    JdbiIdentityStore store = new JdbiIdentityStore();
    PasswordHasher hasher = new PasswordHasher(context.config().identity().bcryptCost());
    IdentityAdminService admin =
        new IdentityAdminService(store, context.transactor(), hasher, context.identity());
    DomainService domains = new DomainService(store, context.transactor(), context.identity());
    List<ApiModule> modules =
        List.of(
            new IdentityApi(
                context.identity(),
                admin,
                domains,
                IdentityComponent::catalog,
                context.config().identity().region(),
                context.config().server().maxPage()),
            new DomainApi(domains),
            new RoleInferenceApi(
                new RoleInferenceService(store, context.transactor(), context.identity())),
            new ApplicationCredentialApi(
                new ApplicationCredentialService(
                    store, context.transactor(), hasher, context.clock(), context.identity())));
    return router -> modules.forEach(module -> module.register(router));
  }

  /** Each service under its own prefix, so each has its own root for version discovery. */
  static List<CatalogEntry> catalog(String baseUrl) {
    return List.of(
        new CatalogEntry("identity", "keystone", baseUrl + "/identity/v3"),
        new CatalogEntry("compute", "nova", baseUrl + "/compute/v2.1"),
        new CatalogEntry("network", "neutron", baseUrl + "/network"),
        new CatalogEntry("alarming", "aodh", baseUrl + "/alarming"),
        new CatalogEntry("image", "glance", baseUrl + "/image"));
  }
}
