package io.faultline.cluster;

import io.faultline.policy.PolicyDefaults;

/** Who may see the cluster's membership and leases. */
public final class ClusterPolicies {
  public static final String GET_CLUSTER = "cluster:get";

  private ClusterPolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults.register(GET_CLUSTER, "role:admin");
  }
}
