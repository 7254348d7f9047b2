package io.faultline.compute;

import io.faultline.policy.PolicyDefaults;

/** Nova's policy rules with upstream's defaults, plus Faultline's agent heartbeat. */
public final class ComputePolicies {
  public static final String SERVICES_LIST = "os_compute_api:os-services:list";
  public static final String AVAILABILITY_ZONE_LIST = "os_compute_api:os-availability-zone:list";
  public static final String AVAILABILITY_ZONE_DETAIL =
      "os_compute_api:os-availability-zone:detail";
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
  public static final String INSTANCE_ACTIONS_SHOW = "os_compute_api:os-instance-actions:show";
  public static final String FLAVORS_INDEX = "os_compute_api:flavors:index";
  public static final String IMAGES_GET = "get_images";
  public static final String SERVERS_UPDATE = "os_compute_api:servers:update";
  public static final String SERVERS_START = "os_compute_api:servers:start";
  public static final String SERVERS_STOP = "os_compute_api:servers:stop";
  public static final String SERVERS_REBOOT = "os_compute_api:servers:reboot";
  public static final String SERVERS_REBUILD = "os_compute_api:servers:rebuild";
  public static final String METADATA_INDEX = "os_compute_api:server-metadata:index";
  public static final String METADATA_SHOW = "os_compute_api:server-metadata:show";
  public static final String METADATA_CREATE = "os_compute_api:server-metadata:create";
  public static final String METADATA_UPDATE = "os_compute_api:server-metadata:update";
  public static final String METADATA_UPDATE_ALL = "os_compute_api:server-metadata:update_all";
  public static final String METADATA_DELETE = "os_compute_api:server-metadata:delete";
  public static final String HYPERVISORS_SHOW = "os_compute_api:os-hypervisors:show";
  public static final String HYPERVISORS_UPTIME = "os_compute_api:os-hypervisors:uptime";
  public static final String HYPERVISORS_STATISTICS = "os_compute_api:os-hypervisors:statistics";
  public static final String HYPERVISORS_SEARCH = "os_compute_api:os-hypervisors:search";
  public static final String HYPERVISORS_SERVERS = "os_compute_api:os-hypervisors:servers";
  public static final String AGGREGATES_INDEX = "os_compute_api:os-aggregates:index";
  public static final String AGGREGATES_SHOW = "os_compute_api:os-aggregates:show";
  public static final String HOSTS_LIST = "os_compute_api:os-hosts:list";
  public static final String HOSTS_SHOW = "os_compute_api:os-hosts:show";
  public static final String FLAVOR_EXTRA_SPECS_INDEX =
      "os_compute_api:os-flavor-extra-specs:index";
  public static final String FLAVOR_EXTRA_SPECS_UPDATE =
      "os_compute_api:os-flavor-extra-specs:update";
  public static final String FLAVOR_EXTRA_SPECS_DELETE =
      "os_compute_api:os-flavor-extra-specs:delete";
  public static final String FLAVOR_MANAGE_CREATE = "os_compute_api:os-flavor-manage:create";
  public static final String FLAVOR_MANAGE_DELETE = "os_compute_api:os-flavor-manage:delete";
  public static final String FLAVOR_ACCESS = "os_compute_api:os-flavor-access";
  public static final String FLAVOR_ACCESS_ADD =
      "os_compute_api:os-flavor-access:add_tenant_access";
  public static final String FLAVOR_ACCESS_REMOVE =
      "os_compute_api:os-flavor-access:remove_tenant_access";
  public static final String QUOTA_SHOW = "os_compute_api:os-quota-sets:show";
  public static final String QUOTA_UPDATE = "os_compute_api:os-quota-sets:update";
  public static final String QUOTA_DELETE = "os_compute_api:os-quota-sets:delete";
  public static final String QUOTA_DEFAULTS = "os_compute_api:os-quota-sets:defaults";
  public static final String QUOTA_DETAIL = "os_compute_api:os-quota-sets:detail";
  public static final String LIMITS = "os_compute_api:limits";
  public static final String LIMITS_OTHER_PROJECT = "os_compute_api:limits:other_project";
  public static final String QUOTA_CLASS_SHOW = "os_compute_api:os-quota-class-sets:show";
  public static final String QUOTA_CLASS_UPDATE = "os_compute_api:os-quota-class-sets:update";
  public static final String MIGRATIONS_INDEX = "os_compute_api:os-migrations:index";
  public static final String SERVER_GROUPS_CREATE = "os_compute_api:os-server-groups:create";
  public static final String SERVER_GROUPS_DELETE = "os_compute_api:os-server-groups:delete";
  public static final String SERVER_GROUPS_INDEX = "os_compute_api:os-server-groups:index";
  public static final String SERVER_GROUPS_INDEX_ALL_PROJECTS =
      "os_compute_api:os-server-groups:index:all_projects";
  public static final String SERVER_GROUPS_SHOW = "os_compute_api:os-server-groups:show";
  public static final String KEYPAIRS_INDEX = "os_compute_api:os-keypairs:index";
  public static final String KEYPAIRS_CREATE = "os_compute_api:os-keypairs:create";
  public static final String KEYPAIRS_SHOW = "os_compute_api:os-keypairs:show";
  public static final String KEYPAIRS_DELETE = "os_compute_api:os-keypairs:delete";
  public static final String AGENT_HEARTBEAT = "faultline:agents:heartbeat";

  /** Forcing a host down (or lifting it) to handle a fault: admin or the inspector. */
  public static final String HOST_FAULT = "faultline:compute:host-fault";

  private ComputePolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults
        .register(SERVICES_LIST, "rule:context_is_admin")
        .register(AVAILABILITY_ZONE_LIST, "@")
        .register(AVAILABILITY_ZONE_DETAIL, "rule:context_is_admin")
        .register(SERVICES_UPDATE, "rule:context_is_admin")
        .register(HYPERVISORS_LIST, "rule:context_is_admin")
        .register(HYPERVISORS_LIST_DETAIL, "rule:context_is_admin")
        .register(RESET_STATE, "rule:context_is_admin")
        .register(EVACUATE, "rule:context_is_admin")
        .register(SERVERS_CREATE, "rule:project_member_or_admin")
        .register(MIGRATIONS_INDEX, "rule:context_is_admin")
        .register(SERVER_GROUPS_CREATE, "rule:project_member_or_admin")
        .register(SERVER_GROUPS_DELETE, "rule:project_member_or_admin")
        .register(SERVER_GROUPS_INDEX, "rule:project_reader_or_admin")
        .register(SERVER_GROUPS_INDEX_ALL_PROJECTS, "rule:context_is_admin")
        .register(SERVER_GROUPS_SHOW, "rule:project_reader_or_admin")
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
        .register(INSTANCE_ACTIONS_SHOW, "rule:project_reader_or_admin")
        .register(FLAVORS_INDEX, "@")
        .register(IMAGES_GET, "@")
        .register(SERVERS_UPDATE, "rule:project_member_or_admin")
        .register(SERVERS_START, "rule:project_member_or_admin")
        .register(SERVERS_STOP, "rule:project_member_or_admin")
        .register(SERVERS_REBOOT, "rule:project_member_or_admin")
        .register(SERVERS_REBUILD, "rule:project_member_or_admin")
        .register(METADATA_INDEX, "rule:project_reader_or_admin")
        .register(METADATA_SHOW, "rule:project_reader_or_admin")
        .register(METADATA_CREATE, "rule:project_member_or_admin")
        .register(METADATA_UPDATE, "rule:project_member_or_admin")
        .register(METADATA_UPDATE_ALL, "rule:project_member_or_admin")
        .register(METADATA_DELETE, "rule:project_member_or_admin")
        .register(HYPERVISORS_SHOW, "rule:context_is_admin")
        .register(HYPERVISORS_UPTIME, "rule:context_is_admin")
        .register(HYPERVISORS_STATISTICS, "rule:context_is_admin")
        .register(HYPERVISORS_SEARCH, "rule:context_is_admin")
        .register(HYPERVISORS_SERVERS, "rule:context_is_admin")
        .register(AGGREGATES_INDEX, "rule:context_is_admin")
        .register(AGGREGATES_SHOW, "rule:context_is_admin")
        .register(HOSTS_LIST, "rule:context_is_admin")
        .register(HOSTS_SHOW, "rule:context_is_admin")
        .register(FLAVOR_EXTRA_SPECS_INDEX, "@")
        .register(FLAVOR_EXTRA_SPECS_UPDATE, "rule:context_is_admin")
        .register(FLAVOR_EXTRA_SPECS_DELETE, "rule:context_is_admin")
        .register(FLAVOR_MANAGE_CREATE, "rule:context_is_admin")
        .register(FLAVOR_MANAGE_DELETE, "rule:context_is_admin")
        .register(FLAVOR_ACCESS, "rule:context_is_admin")
        .register(FLAVOR_ACCESS_ADD, "rule:context_is_admin")
        .register(FLAVOR_ACCESS_REMOVE, "rule:context_is_admin")
        .register(QUOTA_SHOW, "rule:project_reader_or_admin")
        .register(QUOTA_UPDATE, "rule:context_is_admin")
        .register(QUOTA_DELETE, "rule:context_is_admin")
        .register(QUOTA_DEFAULTS, "@")
        .register(QUOTA_DETAIL, "rule:project_reader_or_admin")
        .register(LIMITS, "@")
        .register(LIMITS_OTHER_PROJECT, "rule:context_is_admin")
        .register(QUOTA_CLASS_SHOW, "rule:context_is_admin")
        .register(QUOTA_CLASS_UPDATE, "rule:context_is_admin")
        .register(KEYPAIRS_INDEX, "rule:context_is_admin or user_id:%(user_id)s")
        .register(KEYPAIRS_CREATE, "rule:context_is_admin or user_id:%(user_id)s")
        .register(KEYPAIRS_SHOW, "rule:context_is_admin or user_id:%(user_id)s")
        .register(KEYPAIRS_DELETE, "rule:context_is_admin or user_id:%(user_id)s")
        .register(AGENT_HEARTBEAT, "role:admin or role:monitor")
        .register(HOST_FAULT, "rule:context_is_admin or rule:system_inspector");
  }
}
