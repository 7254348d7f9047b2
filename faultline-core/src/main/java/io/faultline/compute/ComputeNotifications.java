package io.faultline.compute;

import io.faultline.bus.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nova's legacy notifications, built from domain values. */
final class ComputeNotifications {
  static final String INSTANCE_UPDATE = "compute.instance.update";
  static final String INSTANCE_CREATE_END = "compute.instance.create.end";
  static final String INSTANCE_DELETE_END = "compute.instance.delete.end";
  static final String SERVICE_UPDATE = "service.update";

  private ComputeNotifications() {}

  /** {@code compute.instance.update} with the legacy payload, published as {@code compute.HOST}. */
  static Notification instanceUpdate(Instance before, Instance after, Instant now) {
    Map<String, Object> payload = instancePayload(after);
    payload.put("old_state", before.vmState().wireName());
    payload.put("old_task_state", before.taskState().orElse(null));
    payload.put("new_task_state", after.taskState().orElse(null));
    return Notification.info("compute." + after.host(), INSTANCE_UPDATE, payload, now);
  }

  static Notification instanceEvent(String eventType, Instance instance, Instant now) {
    return Notification.info(
        "compute." + instance.host(), eventType, instancePayload(instance), now);
  }

  private static Map<String, Object> instancePayload(Instance instance) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("instance_id", instance.id().value());
    payload.put("tenant_id", instance.projectId());
    payload.put("user_id", instance.userId());
    payload.put("display_name", instance.name());
    payload.put("hostname", instance.name());
    payload.put("host", instance.host());
    payload.put("node", instance.host());
    payload.put("availability_zone", "nova");
    payload.put("state", instance.vmState().wireName());
    payload.put("state_description", instance.taskState().orElse(""));
    payload.put("power_state", instance.powerState().code());
    payload.put("instance_type", instance.flavor().name());
    payload.put("instance_flavor_id", instance.flavor().id().value());
    payload.put("vcpus", instance.flavor().vcpus());
    payload.put("memory_mb", instance.flavor().memoryMb());
    payload.put("root_gb", instance.flavor().diskGb());
    payload.put("disk_gb", instance.flavor().diskGb());
    payload.put("image_ref_url", instance.imageId().value());
    payload.put("created_at", instance.createdAt().toString());
    payload.put("launched_at", instance.launchedAt().map(Instant::toString).orElse(""));
    payload.put("deleted_at", instance.deletedAt().map(Instant::toString).orElse(""));
    return payload;
  }

  /**
   * {@code service.update} (ServiceStatusPayload fields), published as {@code nova-compute:HOST}.
   */
  static Notification serviceUpdate(ComputeHost host, Instant now) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("uuid", host.id().value());
    payload.put("host", host.host());
    payload.put("binary", host.binary());
    payload.put("topic", "compute");
    payload.put("disabled", !host.enabled());
    payload.put("disabled_reason", host.disabledReason().orElse(null));
    payload.put("forced_down", host.forcedDown());
    payload.put("last_seen_up", host.lastHeartbeat().toString());
    payload.put("availability_zone", "nova");
    return Notification.info(host.binary() + ":" + host.host(), SERVICE_UPDATE, payload, now);
  }
}
