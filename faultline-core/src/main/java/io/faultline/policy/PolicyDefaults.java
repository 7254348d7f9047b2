package io.faultline.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default rules, as upstream: base rules shared by every service, then each service's own.
 * Services add theirs through {@link #register}.
 */
public final class PolicyDefaults {
  /** The user id of the inspector's system principal; no user can log in with it. */
  public static final String SYSTEM_INSPECTOR_ID = "faultline-inspector";

  private final Map<String, String> rules = new LinkedHashMap<>();

  public PolicyDefaults() {
    register("admin_required", "role:admin");
    register("admin_api", "role:admin");
    register("context_is_admin", "role:admin");
    register("owner", "project_id:%(project_id)s");
    register("admin_or_owner", "rule:context_is_admin or rule:owner");
    register("project_reader", "role:reader and project_id:%(project_id)s");
    register("project_member", "role:member and project_id:%(project_id)s");
    register("project_reader_or_admin", "rule:admin_api or rule:project_reader");
    register("project_member_or_admin", "rule:admin_api or rule:project_member");
    // The Doctor inspector acts on compute and network as this system principal, by name: it has
    // no role and no token, so nothing but the rules that name it lets it act.
    register("system_inspector", "user_id:" + SYSTEM_INSPECTOR_ID);
  }

  public PolicyDefaults register(String name, String check) {
    if (rules.putIfAbsent(name, check) != null) {
      throw new IllegalArgumentException("policy rule registered twice: " + name);
    }
    return this;
  }

  public Map<String, String> rules() {
    return Map.copyOf(rules);
  }
}
