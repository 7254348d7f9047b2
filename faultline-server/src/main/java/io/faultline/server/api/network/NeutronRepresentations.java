package io.faultline.server.api.network;

import io.faultline.network.FixedIp;
import io.faultline.network.Network;
import io.faultline.network.Port;
import io.faultline.network.PortNotifications;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Networks and ports as Neutron shows them (keys of the api-ref samples), plus the seed's {@code
 * dp_down}. Attributes Faultline does not model have Neutron's defaults so that clients find every
 * key they expect. Binding attributes appear only to callers allowed to see them.
 */
final class NeutronRepresentations {
  private NeutronRepresentations() {}

  static Map<String, Object> network(Network network) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", network.id().value());
    map.put("name", network.name());
    map.put("description", network.description());
    map.put("tenant_id", network.projectId());
    map.put("project_id", network.projectId());
    map.put("shared", network.shared());
    map.put("admin_state_up", network.adminStateUp());
    map.put("status", network.status());
    map.put("subnets", List.of());
    map.put("mtu", 1500);
    map.put("port_security_enabled", true);
    map.put("router:external", false);
    map.put("availability_zone_hints", List.of());
    map.put("availability_zones", List.of());
    map.put("ipv4_address_scope", null);
    map.put("ipv6_address_scope", null);
    map.put("l2_adjacency", true);
    map.put("tags", List.of());
    map.put("revision_number", network.revisionNumber());
    map.put("created_at", PortNotifications.timestamp(network.createdAt()));
    map.put("updated_at", PortNotifications.timestamp(network.updatedAt()));
    return map;
  }

  static Map<String, Object> port(Port port, boolean showBinding) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", port.id().value());
    map.put("name", port.name());
    map.put("description", port.description());
    map.put("network_id", port.networkId().value());
    map.put("tenant_id", port.projectId());
    map.put("project_id", port.projectId());
    map.put("device_id", port.deviceId());
    map.put("device_owner", port.deviceOwner());
    map.put("mac_address", port.macAddress());
    map.put("fixed_ips", fixedIps(port.fixedIps()));
    map.put("admin_state_up", port.adminStateUp());
    map.put("status", port.status().name());
    map.put("data_plane_status", port.dataPlaneStatus().map(Enum::name).orElse(null));
    map.put("dp_down", port.dataPlaneDown());
    if (showBinding) {
      map.put("binding:host_id", port.hostId());
      map.put("binding:profile", Map.of());
      map.put("binding:vif_details", Map.of());
      map.put("binding:vif_type", port.hostId().isEmpty() ? "unbound" : "ovs");
      map.put("binding:vnic_type", "normal");
    }
    map.put("allowed_address_pairs", List.of());
    map.put("extra_dhcp_opts", List.of());
    map.put("security_groups", List.of());
    map.put("port_security_enabled", true);
    map.put("ip_allocation", "immediate");
    map.put("tags", List.of());
    map.put("revision_number", port.revisionNumber());
    map.put("created_at", PortNotifications.timestamp(port.createdAt()));
    map.put("updated_at", PortNotifications.timestamp(port.updatedAt()));
    return map;
  }

  /**
   * Neutron's {@code fields=} projection: only the requested keys. Each value may also be a Python
   * tuple or list literal, {@code ('id', 'name')}, which openstacksdk 0.101 (OSC's {@code port list
   * --long}) sends instead of repeating the parameter.
   */
  static Map<String, Object> select(Map<String, Object> resource, List<String> fields) {
    if (fields.isEmpty()) {
      return resource;
    }
    Set<String> wanted = new HashSet<>();
    for (String field : fields) {
      String trimmed = field.trim();
      if (trimmed.length() >= 2
          && (trimmed.startsWith("(") || trimmed.startsWith("["))
          && (trimmed.endsWith(")") || trimmed.endsWith("]"))) {
        for (String part : trimmed.substring(1, trimmed.length() - 1).split(",", -1)) {
          wanted.add(part.trim().replaceAll("^['\"]|['\"]$", ""));
        }
      } else {
        wanted.add(trimmed);
      }
    }
    Map<String, Object> selected = new LinkedHashMap<>();
    resource.forEach(
        (key, value) -> {
          if (wanted.contains(key)) {
            selected.put(key, value);
          }
        });
    return selected;
  }

  private static List<Map<String, Object>> fixedIps(List<FixedIp> fixedIps) {
    List<Map<String, Object>> list = new ArrayList<>(fixedIps.size());
    for (FixedIp fixedIp : fixedIps) {
      Map<String, Object> ip = new LinkedHashMap<>();
      ip.put("subnet_id", fixedIp.subnetId());
      ip.put("ip_address", fixedIp.ipAddress());
      list.add(ip);
    }
    return list;
  }
}
