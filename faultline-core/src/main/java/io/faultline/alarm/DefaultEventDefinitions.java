package io.faultline.alarm;

import io.faultline.alarm.EventDefinition.TraitDefinition;
import io.faultline.alarm.EventDefinition.TraitType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in event definitions: Nova's legacy {@code compute.instance.*} (which is also the shape
 * the Doctor inspector sends directly: instance_id, tenant_id, state, old_state, host), Nova's
 * versioned {@code instance.*} and {@code service.update}, and Neutron's {@code port.*}.
 */
final class DefaultEventDefinitions {
  private DefaultEventDefinitions() {}

  static List<EventDefinition> all() {
    return List.of(computeInstance(), versionedInstance(), service(), port());
  }

  private static EventDefinition computeInstance() {
    Map<String, TraitDefinition> traits = new LinkedHashMap<>();
    text(traits, "tenant_id", "payload.tenant_id", "payload.project_id");
    text(traits, "user_id", "payload.user_id");
    text(traits, "instance_id", "payload.instance_id", "payload.instance_uuid");
    text(traits, "resource_id", "payload.instance_id", "payload.instance_uuid");
    text(traits, "display_name", "payload.display_name");
    text(traits, "host", "payload.host");
    text(traits, "node", "payload.node");
    text(traits, "state", "payload.state");
    text(traits, "old_state", "payload.old_state");
    text(traits, "state_description", "payload.state_description");
    text(traits, "old_task_state", "payload.old_task_state");
    text(traits, "new_task_state", "payload.new_task_state");
    text(traits, "instance_type", "payload.instance_type");
    text(traits, "cell_name", "payload.cell_name");
    text(traits, "fault_id", "payload.fault_id");
    traits.put("power_state", TraitDefinition.of(TraitType.INT, "payload.power_state"));
    traits.put("memory_mb", TraitDefinition.of(TraitType.INT, "payload.memory_mb"));
    traits.put("vcpus", TraitDefinition.of(TraitType.INT, "payload.vcpus"));
    traits.put("root_gb", TraitDefinition.of(TraitType.INT, "payload.root_gb"));
    traits.put("disk_gb", TraitDefinition.of(TraitType.INT, "payload.disk_gb"));
    traits.put("launched_at", TraitDefinition.of(TraitType.DATETIME, "payload.launched_at"));
    return definition("compute.instance.*", traits);
  }

  private static EventDefinition versionedInstance() {
    Map<String, TraitDefinition> traits = new LinkedHashMap<>();
    String data = "payload.nova_object.data.";
    text(traits, "tenant_id", data + "tenant_id");
    text(traits, "user_id", data + "user_id");
    text(traits, "instance_id", data + "uuid");
    text(traits, "resource_id", data + "uuid");
    text(traits, "display_name", data + "display_name");
    text(traits, "host", data + "host");
    text(traits, "state", data + "state");
    text(traits, "power_state", data + "power_state");
    text(traits, "task_state", data + "task_state");
    text(traits, "old_state", data + "state_update.nova_object.data.old_state");
    text(traits, "fault_id", "payload.fault_id");
    return definition("instance.*", traits);
  }

  private static EventDefinition service() {
    Map<String, TraitDefinition> traits = new LinkedHashMap<>();
    String data = "payload.nova_object.data.";
    text(traits, "host", "payload.host", data + "host");
    text(traits, "resource_id", "payload.host", data + "host");
    text(traits, "binary", "payload.binary", data + "binary");
    text(traits, "disabled_reason", "payload.disabled_reason", data + "disabled_reason");
    text(traits, "tenant_id", "payload.tenant_id", "payload.project_id");
    text(traits, "fault_id", "payload.fault_id");
    traits.put(
        "disabled", TraitDefinition.of(TraitType.BOOLEAN, "payload.disabled", data + "disabled"));
    traits.put(
        "forced_down",
        TraitDefinition.of(TraitType.BOOLEAN, "payload.forced_down", data + "forced_down"));
    return definition("service.update", traits);
  }

  private static EventDefinition port() {
    Map<String, TraitDefinition> traits = new LinkedHashMap<>();
    text(
        traits,
        "tenant_id",
        "payload.port.tenant_id",
        "payload.port.project_id",
        "payload.tenant_id");
    text(traits, "port_id", "payload.port.id", "payload.port_id");
    text(traits, "resource_id", "payload.port.id", "payload.port_id");
    text(traits, "status", "payload.port.status");
    text(traits, "data_plane_status", "payload.port.data_plane_status");
    text(traits, "old_data_plane_status", "payload.old_data_plane_status");
    text(traits, "device_id", "payload.port.device_id");
    text(traits, "device_owner", "payload.port.device_owner");
    text(traits, "network_id", "payload.port.network_id");
    text(traits, "host", "payload.port.binding:host_id");
    text(traits, "fault_id", "payload.fault_id");
    return definition("port.*", traits);
  }

  private static void text(Map<String, TraitDefinition> traits, String name, String... fields) {
    traits.put(name, TraitDefinition.of(TraitType.TEXT, fields));
  }

  private static EventDefinition definition(String eventType, Map<String, TraitDefinition> traits) {
    return new EventDefinition(List.of(new EventTypePattern(eventType)), traits);
  }
}
