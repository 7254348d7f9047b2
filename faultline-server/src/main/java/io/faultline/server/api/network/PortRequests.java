package io.faultline.server.api.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.network.DataPlaneChange;
import io.faultline.network.DataPlaneStatus;
import io.faultline.network.FixedIp;
import io.faultline.network.NetworkId;
import io.faultline.network.PortCreate;
import io.faultline.network.PortStatus;
import io.faultline.network.PortUpdate;
import io.faultline.network.SecurityGroupId;
import io.faultline.server.http.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads Neutron port request bodies into core requests; bad input is a 400 naming the field. */
final class PortRequests {
  /** Neutron port attributes Faultline accepts and ignores (it does not model them). */
  private static final Set<String> IGNORED =
      Set.of(
          "binding:vnic_type",
          "binding:profile",
          "port_security_enabled",
          "allowed_address_pairs",
          "extra_dhcp_opts",
          "dns_name",
          "dns_domain",
          "qos_policy_id",
          "tags",
          "propagate_uplink_status",
          "numa_affinity_policy",
          "hints",
          "hardware_offload_type",
          "trusted");

  private static final Set<String> CREATE =
      Set.of(
          "network_id",
          "name",
          "description",
          "admin_state_up",
          "device_id",
          "device_owner",
          "binding:host_id",
          "mac_address",
          "fixed_ips",
          "security_groups",
          "project_id",
          "tenant_id");
  private static final Set<String> UPDATE =
      Set.of(
          "name",
          "description",
          "admin_state_up",
          "device_id",
          "device_owner",
          "binding:host_id",
          "fixed_ips",
          "security_groups",
          "status",
          "data_plane_status",
          "dp_down");
  private static final Set<String> UPDATE_ONLY = Set.of("status", "data_plane_status", "dp_down");

  private PortRequests() {}

  static PortCreate create(ObjectNode body) {
    ObjectNode port = Json.object(body, "port");
    for (String field : UPDATE_ONLY) {
      if (port.has(field)) {
        throw FaultlineException.badRequest(
            "Attribute '"
                + field
                + "' not allowed in POST: "
                + (field.equals("status")
                    ? "a port's status is reported on an existing port with PUT"
                    : "the data-plane status is reported on an existing port with PUT"));
      }
    }
    checkKnown(port, CREATE, "POST");
    Optional<String> project = project(port);
    return new PortCreate(
        new NetworkId(Json.requiredString(port, "network_id", "port.network_id")),
        project,
        string(port, "name").orElse(""),
        string(port, "description").orElse(""),
        string(port, "device_id").orElse(""),
        string(port, "device_owner").orElse(""),
        string(port, "binding:host_id"),
        string(port, "mac_address"),
        fixedIps(port).orElse(List.of()),
        Json.optionalBoolean(port, "admin_state_up", "port.admin_state_up").orElse(true),
        securityGroups(port));
  }

  static PortUpdate update(ObjectNode body) {
    ObjectNode port = Json.object(body, "port");
    checkKnown(port, UPDATE, "PUT");
    return new PortUpdate(
        string(port, "name"),
        string(port, "description"),
        string(port, "device_id"),
        string(port, "device_owner"),
        string(port, "binding:host_id"),
        fixedIps(port),
        Json.optionalBoolean(port, "admin_state_up", "port.admin_state_up"),
        string(port, "status").map(value -> PortStatus.parse(value, "status")),
        DataPlaneChange.of(dataPlaneStatus(port), dpDown(port)),
        securityGroups(port));
  }

  /** The ids of the port's security groups; null is none, as Neutron reads it. */
  private static Optional<List<SecurityGroupId>> securityGroups(ObjectNode port) {
    JsonNode value = port.get("security_groups");
    if (value == null) {
      return Optional.empty();
    }
    if (value.isNull()) {
      return Optional.of(List.of());
    }
    if (!value.isArray()) {
      throw FaultlineException.badRequest(
          "Invalid input for security_groups. Reason: " + Json.describe(value) + " is not a list.");
    }
    List<SecurityGroupId> groups = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw FaultlineException.badRequest(
            "Invalid input for security_groups. Reason: "
                + Json.describe(item)
                + " is not a security group id.");
      }
      groups.add(new SecurityGroupId(item.asText()));
    }
    return Optional.of(groups);
  }

  /** Present-and-null means "clear" ({@code port unset --data-plane-status}). */
  private static Optional<Optional<DataPlaneStatus>> dataPlaneStatus(ObjectNode port) {
    if (!port.has("data_plane_status")) {
      return Optional.empty();
    }
    JsonNode value = port.get("data_plane_status");
    if (value.isNull()) {
      return Optional.of(Optional.empty());
    }
    if (!value.isTextual()) {
      throw FaultlineException.badRequest(
          "Invalid input for data_plane_status. Reason: "
              + Json.describe(value)
              + " is not in [None, 'ACTIVE', 'DOWN']: allowed values are null, ACTIVE and DOWN.");
    }
    return Optional.of(Optional.of(DataPlaneStatus.parse(value.asText(), "data_plane_status")));
  }

  /** The seed's {@code convert_to_boolean}: true/false, "true"/"false" any case, 1/0. */
  private static Optional<Boolean> dpDown(ObjectNode port) {
    JsonNode value = port.get("dp_down");
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBoolean()) {
      return Optional.of(value.asBoolean());
    }
    if (value.isTextual()) {
      switch (value.asText().toLowerCase(Locale.ROOT)) {
        case "true", "1" -> {
          return Optional.of(true);
        }
        case "false", "0" -> {
          return Optional.of(false);
        }
        default -> {}
      }
    }
    if (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1)) {
      return Optional.of(value.asLong() == 1);
    }
    throw FaultlineException.badRequest(
        "Invalid input for dp_down. Reason: "
            + Json.describe(value)
            + " is not a boolean: allowed values are true and false.");
  }

  private static Optional<List<FixedIp>> fixedIps(ObjectNode port) {
    JsonNode value = port.get("fixed_ips");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw FaultlineException.badRequest(
          "Invalid input for fixed_ips. Reason: " + Json.describe(value) + " is not a list.");
    }
    List<FixedIp> fixedIps = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw FaultlineException.badRequest(
            "Invalid input for fixed_ips. Reason: "
                + Json.describe(item)
                + " is not an object of subnet_id and/or ip_address.");
      }
      fixedIps.add(
          new FixedIp(
              Json.optionalString(item, "subnet_id", "port.fixed_ips[].subnet_id").orElse(""),
              Json.optionalString(item, "ip_address", "port.fixed_ips[].ip_address").orElse("")));
    }
    return Optional.of(fixedIps);
  }

  /** A string attribute a create must have, with Neutron's message when it is missing. */
  static String required(ObjectNode node, String resource, String field) {
    return Json.optionalString(node, field, resource + "." + field)
        .orElseThrow(
            () ->
                FaultlineException.badRequest(
                    "Failed to parse request. Required attribute '" + field + "' not specified"));
  }

  static Optional<String> project(ObjectNode resource) {
    Optional<String> project = Json.optionalString(resource, "project_id", "project_id");
    Optional<String> tenant = Json.optionalString(resource, "tenant_id", "tenant_id");
    if (project.isPresent() && tenant.isPresent() && !project.equals(tenant)) {
      throw FaultlineException.badRequest("project_id and tenant_id do not match");
    }
    return project.or(() -> tenant);
  }

  private static Optional<String> string(ObjectNode port, String field) {
    return Json.optionalString(port, field, "port." + field);
  }

  static void checkKnown(ObjectNode resource, Set<String> allowed, String method) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = resource.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name) && !IGNORED.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw FaultlineException.badRequest(
          "Unrecognized attribute(s) or attribute(s) not allowed in "
              + method
              + ": '"
              + String.join("', '", unknown)
              + "'");
    }
  }
}
