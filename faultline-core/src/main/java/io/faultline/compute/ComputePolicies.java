package io.faultline.compute;

import io.faultline.policy.PolicyDefaults;

/** Nova's policy rules with upstream's defaults, plus Faultline's agent heartbeat. */
public final class ComputePolicies {
  public static final String SERVICES_LIST = "os_compute_api:os-services:list";
  public static final String SERVICES_UPDATE = "os_compute_api:os-services:update";
  public static final String HYPERVISORS_LIST = "os_compute_api:os-hypervisors:list";
  public static final String HYPERVISORS_LIST_DETAIL = "os_compute_api:os-hypervisors:list-detail";
  public static final String RESET_STATE = "os_compute_api:os-admin-actions:reset_state";
  public static final String EVACUATE = "os_compute_api:os-evacuate";
  public static final String SERVERS_CREATE = "os_compute_api:servers:create";
  public static final String SERVERS_CREATE_FORCED_HOST =
      "os_compute_api:servers:create:forced_host";
  public static final String SERVERS_INDEX = "os_compute_api:servers:index";
  public static final String SERVERS_INDEX_ALL_TENANTS =
      "os_compute_api:servers:index:get_all_tenants";
  public static final String SERVERS_DETAIL = "os_compute_api:servers:detail";
  public static final String SERVERS_SHOW = "os_compute_api:servers:show";
  public static final String SERVERS_SHOW_HOST_STATUS = "os_compute_api:servers:show:host_status";
  public static final String SERVERS_ALLOW_ALL_FILTERS = "os_compute_api:servers:allow_all_filters";
  public static final String SERVERS_DELETE = "os_compute_api:servers:delete";
  public static final String EXTENDED_SERVER_ATTRIBUTES =
      "os_compute_api:os-extended-server-attributes";
  public static final String INSTANCE_ACTIONS_LIST = "os_compute_api:os-instance-actions:list";
  public static final String FLAVORS_INDEX = "os_compute_api:flavors:index";
  public static final String IMAGES_GET = "get_images";
  public static final String AGENT_HEARTBEAT = "faultline:agents:heartbeat";

  /** Forcing a host down (or lifting it) to handle a fault: admin or the inspector. */
  public static final String HOST_FAULT = "faultline:compute:host-fault";

  private ComputePolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults
        .register(SERVICES_LIST, "rule:context_is_admin")
        .register(SERVICES_UPDATE, "rule:context_is_admin")
        .register(HYPERVISORS_LIST, "rule:context_is_admin")
        .register(HYPERVISORS_LIST_DETAIL, "rule:context_is_admin")
        .register(RESET_STATE, "rule:context_is_admin")
        .register(EVACUATE, "rule:context_is_admin")
        .register(SERVERS_CREATE, "rule:project_member_or_admin")
        .register(SERVERS_CREATE_FORCED_HOST, "rule:context_is_admin")
        .register(SERVERS_INDEX, "rule:project_reader_or_admin")
        .register(SERVERS_INDEX_ALL_TENANTS, "rule:context_is_admin")
        .register(SERVERS_DETAIL, "rule:project_reader_or_admin")
        .register(SERVERS_SHOW, "rule:project_reader_or_admin")
        .register(SERVERS_SHOW_HOST_STATUS, "rule:context_is_admin")
        .register(SERVERS_ALLOW_ALL_FILTERS, "rule:context_is_admin")
        .register(SERVERS_DELETE, "rule:project_member_or_admin")
        .register(EXTENDED_SERVER_ATTRIBUTES, "rule:context_is_admin")
        .register(INSTANCE_ACTIONS_LIST, "rule:project_reader_or_admin")
        .register(FLAVORS_INDEX, "@")
        .register(IMAGES_GET, "@")
        .register(AGENT_HEARTBEAT, "role:admin or role:monitor")
        .register(HOST_FAULT, "rule:context_is_admin or rule:system_inspector");
  }
}
