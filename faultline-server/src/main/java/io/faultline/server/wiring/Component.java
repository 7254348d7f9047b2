package io.faultline.server.wiring;

import io.faultline.policy.PolicyDefaults;
import io.faultline.server.http.ApiModule;

/**
 * One capability of the server: its default policy rules, and the services and routes it builds
 * from the shared context.
 */
public interface Component {
  default void registerPolicies(PolicyDefaults defaults) {}

  ApiModule create(ServerContext context);
}
