package io.faultline.network;

import io.faultline.policy.PolicyDefaults;

/**
 * Neutron's rule names with upstream's defaults, except that the two Doctor reporter roles ({@code
 * network_monitor}, {@code data_plane_integrator}) may read every port: they report on the data
 * plane under all projects' ports, not their own project's.
 */
public final class NetworkPolicies {
  public static final String CREATE_NETWORK = "create_network";
  public static final String CREATE_NETWORK_SHARED = "create_network:shared";
  public static final String GET_NETWORK = "get_network";
  public static final String UPDATE_NETWORK = "update_network";
  public static final String UPDATE_NETWORK_SHARED = "update_network:shared";
  public static final String DELETE_NETWORK = "delete_network";
  public static final String CREATE_PORT = "create_port";
  public static final String CREATE_PORT_BINDING_HOST_ID = "create_port:binding:host_id";
  public static final String CREATE_PORT_MAC_ADDRESS = "create_port:mac_address";
  public static final String GET_PORT = "get_port";
  public static final String GET_PORT_BINDING_HOST_ID = "get_port:binding:host_id";
  public static final String UPDATE_PORT = "update_port";
  public static final String UPDATE_PORT_STATUS = "update_port:status";
  public static final String UPDATE_PORT_DATA_PLANE_STATUS = "update_port:data_plane_status";
  public static final String UPDATE_PORT_BINDING_HOST_ID = "update_port:binding:host_id";
  public static final String DELETE_PORT = "delete_port";
  public static final String CREATE_SUBNET = "create_subnet";
  public static final String UPDATE_SUBNET = "update_subnet";
  public static final String DELETE_SUBNET = "delete_subnet";
  public static final String GET_QUOTA = "get_quota";
  public static final String CREATE_SECURITY_GROUP = "create_security_group";
  public static final String GET_SECURITY_GROUP = "get_security_group";
  public static final String UPDATE_SECURITY_GROUP = "update_security_group";
  public static final String DELETE_SECURITY_GROUP = "delete_security_group";
  public static final String CREATE_SECURITY_GROUP_RULE = "create_security_group_rule";
  public static final String GET_SECURITY_GROUP_RULE = "get_security_group_rule";
  public static final String DELETE_SECURITY_GROUP_RULE = "delete_security_group_rule";

  /** The data plane of every port on a host at once, to handle a fault. */
  public static final String UPDATE_HOST_DATA_PLANE_STATUS =
      "faultline:network:host-data-plane-status";

  private static final String ADMIN = "rule:context_is_admin";
  private static final String ADMIN_OR_MEMBER = "rule:context_is_admin or rule:project_member";

  private NetworkPolicies() {}

  public static void register(PolicyDefaults defaults) {
    defaults
        .register(CREATE_NETWORK, ADMIN_OR_MEMBER)
        .register(CREATE_NETWORK_SHARED, ADMIN)
        .register(GET_NETWORK, "rule:context_is_admin or rule:project_reader")
        .register(UPDATE_NETWORK, ADMIN_OR_MEMBER)
        .register(UPDATE_NETWORK_SHARED, ADMIN)
        .register(DELETE_NETWORK, ADMIN_OR_MEMBER)
        .register(CREATE_PORT, ADMIN_OR_MEMBER)
        .register(CREATE_PORT_BINDING_HOST_ID, ADMIN)
        .register(
            CREATE_PORT_MAC_ADDRESS, "rule:context_is_admin or project_id:%(network:tenant_id)s")
        .register(
            GET_PORT,
            "rule:context_is_admin or rule:project_reader"
                + " or role:network_monitor or role:data_plane_integrator")
        .register(GET_PORT_BINDING_HOST_ID, ADMIN)
        .register(UPDATE_PORT, ADMIN_OR_MEMBER)
        .register(UPDATE_PORT_STATUS, "rule:context_is_admin or role:network_monitor")
        .register(
            UPDATE_PORT_DATA_PLANE_STATUS, "rule:context_is_admin or role:data_plane_integrator")
        .register(UPDATE_PORT_BINDING_HOST_ID, ADMIN)
        .register(DELETE_PORT, ADMIN_OR_MEMBER)
        .register(
            CREATE_SUBNET,
            "rule:context_is_admin or (role:member and project_id:%(network:tenant_id)s)")
        .register(UPDATE_SUBNET, ADMIN_OR_MEMBER)
        .register(DELETE_SUBNET, ADMIN_OR_MEMBER)
        .register(GET_QUOTA, "rule:context_is_admin or rule:project_reader")
        .register(CREATE_SECURITY_GROUP, ADMIN_OR_MEMBER)
        .register(GET_SECURITY_GROUP, "rule:context_is_admin or rule:project_reader")
        .register(UPDATE_SECURITY_GROUP, ADMIN_OR_MEMBER)
        .register(DELETE_SECURITY_GROUP, ADMIN_OR_MEMBER)
        .register(CREATE_SECURITY_GROUP_RULE, ADMIN_OR_MEMBER)
        .register(GET_SECURITY_GROUP_RULE, "rule:context_is_admin or rule:project_reader")
        .register(DELETE_SECURITY_GROUP_RULE, ADMIN_OR_MEMBER)
        .register(
            UPDATE_HOST_DATA_PLANE_STATUS,
            "rule:context_is_admin or role:data_plane_integrator or rule:system_inspector");
  }
}
