package io.faultline.doctor;

import io.faultline.policy.PolicyDefaults;

/** Who may report raw faults and read the fault timeline. */
public final class InspectorPolicies {
  public static final String REPORT = "inspector:report";
  public static final String LIST_FAULTS = "inspector:faults:list";
  public static final String GET_FAULT = "inspector:faults:get";

  private InspectorPolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults
        .register(REPORT, "role:admin or role:monitor")
        .register(LIST_FAULTS, "role:admin or role:monitor")
        .register(GET_FAULT, "role:admin or role:monitor");
  }
}
