package io.faultline.server.wiring;

import io.faultline.identity.CatalogEntry;
import io.faultline.identity.IdentityAdminService;
import io.faultline.identity.IdentityPolicies;
import io.faultline.identity.PasswordHasher;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.identity.IdentityApi;
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
    IdentityAdminService admin =
        new IdentityAdminService(
            new JdbiIdentityStore(),
            context.transactor(),
            new PasswordHasher(context.config().identity().bcryptCost()),
            context.identity());
    return new IdentityApi(
        context.identity(),
        admin,
        IdentityComponent::catalog,
        context.config().identity().region());
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
