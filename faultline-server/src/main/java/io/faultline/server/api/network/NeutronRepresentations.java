package io.faultline.server.api.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.network.FixedIp;
import io.faultline.network.Network;
import io.faultline.network.Port;
import io.faultline.network.PortNotifications;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> ATTRIBUTES =
      new TypeReference<>() {};

  private NeutronRepresentations() {}

  /** A network; attributes Faultline does not model have Neutron's defaults. */
  record NetworkRepresentation(
      String id,
      String name,
      String description,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("project_id") String projectId,
      boolean shared,
      @JsonProperty("admin_state_up") boolean adminStateUp,
      String status,
      List<String> subnets,
      int mtu,
      @JsonProperty("port_security_enabled") boolean portSecurityEnabled,
      @JsonProperty("router:external") boolean routerExternal,
      @JsonProperty("availability_zone_hints") List<String> availabilityZoneHints,
      @JsonProperty("availability_zones") List<String> availabilityZones,
      @JsonProperty("ipv4_address_scope") String ipv4AddressScope,
      @JsonProperty("ipv6_address_scope") String ipv6AddressScope,
      @JsonProperty("l2_adjacency") boolean l2Adjacency,
      List<String> tags,
      @JsonProperty("revision_number") long revisionNumber,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {
    static NetworkRepresentation from(Network network) {
      return new NetworkRepresentation(
          network.id().value(),
          network.name(),
          network.description(),
          network.projectId(),
          network.projectId(),
          network.shared(),
          network.adminStateUp(),
          network.status(),
          List.of(),
          1500,
          true,
          false,
          List.of(),
          List.of(),
          null,
          null,
          true,
          List.of(),
          network.revisionNumber(),
          PortNotifications.timestamp(network.createdAt()),
          PortNotifications.timestamp(network.updatedAt()));
    }
  }

  record FixedIpRepresentation(
      @JsonProperty("subnet_id") String subnetId, @JsonProperty("ip_address") String ipAddress) {
    static FixedIpRepresentation from(FixedIp fixedIp) {
      return new FixedIpRepresentation(fixedIp.subnetId(), fixedIp.ipAddress());
    }
  }

  /** A port; the {@code binding:} attributes are there only for callers allowed to see them. */
  record PortRepresentation(
      String id,
      String name,
      String description,
      @JsonProperty("network_id") String networkId,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("device_id") String deviceId,
      @JsonProperty("device_owner") String deviceOwner,
      @JsonProperty("mac_address") String macAddress,
      @JsonProperty("fixed_ips") List<FixedIpRepresentation> fixedIps,
      @JsonProperty("admin_state_up") boolean adminStateUp,
      String status,
      @JsonProperty("data_plane_status") String dataPlaneStatus,
      @JsonProperty("dp_down") boolean dpDown,
      @JsonUnwrapped Binding binding,
      @JsonProperty("allowed_address_pairs") List<Object> allowedAddressPairs,
      @JsonProperty("extra_dhcp_opts") List<Object> extraDhcpOpts,
      @JsonProperty("security_groups") List<String> securityGroups,
      @JsonProperty("port_security_enabled") boolean portSecurityEnabled,
      @JsonProperty("ip_allocation") String ipAllocation,
      List<String> tags,
      @JsonProperty("revision_number") long revisionNumber,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {
    static PortRepresentation from(Port port, boolean showBinding, List<String> securityGroups) {
      return new PortRepresentation(
          port.id().value(),
          port.name(),
          port.description(),
          port.networkId().value(),
          port.projectId(),
          port.projectId(),
          port.deviceId(),
          port.deviceOwner(),
          port.macAddress(),
          port.fixedIps().stream().map(FixedIpRepresentation::from).toList(),
          port.adminStateUp(),
          port.status().name(),
          port.dataPlaneStatus().map(Enum::name).orElse(null),
          port.dataPlaneDown(),
          showBinding ? Binding.of(port) : null,
          List.of(),
          List.of(),
          securityGroups,
          true,
          "immediate",
          List.of(),
          port.revisionNumber(),
          PortNotifications.timestamp(port.createdAt()),
          PortNotifications.timestamp(port.updatedAt()));
    }
  }

  /** A port's binding attributes. */
  record Binding(
      @JsonProperty("binding:host_id") String hostId,
      @JsonProperty("binding:profile") Map<String, Object> profile,
      @JsonProperty("binding:vif_details") Map<String, Object> vifDetails,
      @JsonProperty("binding:vif_type") String vifType,
      @JsonProperty("binding:vnic_type") String vnicType) {
    static Binding of(Port port) {
      return new Binding(
          port.hostId(), Map.of(), Map.of(), port.hostId().isEmpty() ? "unbound" : "ovs", "normal");
    }
  }

  /** A representation's attributes by name, to filter on and to project. */
  static Map<String, Object> attributes(Object representation) {
    return JSON.convertValue(representation, ATTRIBUTES);
  }

  /** The representation, or with {@code fields=} only the requested attributes. */
  static Object select(Object representation, List<String> fields) {
    return fields.isEmpty() ? representation : select(attributes(representation), fields);
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
}
