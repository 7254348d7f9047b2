package io.faultline.server.api.compute;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.Flavor;
import io.faultline.compute.FlavorSpec;
import io.faultline.compute.Hypervisor;
import io.faultline.compute.InstanceAction;
import io.faultline.compute.ServiceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Nova wire shapes of services, hypervisors, flavors and instance actions. */
final class ComputeRepresentations {
  /** Nova's database timestamps: {@code 2012-10-29T13:42:02.000000}, UTC without zone. */
  private static final DateTimeFormatter NOVA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** Nova's API timestamps for servers: {@code 2012-08-20T21:11:09Z}. */
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  static final int LOCAL_GB = 2048;

  private ComputeRepresentations() {}

  static String novaTime(Instant instant) {
    return NOVA_TIME.format(instant);
  }

  static String isoSeconds(Instant instant) {
    return ISO_SECONDS.format(instant);
  }

  /**
   * Before 2.53 ids are integers: derived from the uuid, so stable across restarts and processes.
   */
  static Object id(ServiceId id, Microversion version) {
    if (version.atLeast(53)) {
      return id.value();
    }
    UUID uuid = UUID.fromString(id.value());
    return (int) (uuid.getMostSignificantBits() >>> 33);
  }

  static Map<String, Object> service(ComputeHost host, boolean up, Microversion version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id(host.id(), version));
    body.put("binary", host.binary());
    body.put("host", host.host());
    body.put("zone", "nova");
    body.put("status", host.status().wireName());
    body.put("state", up ? "up" : "down");
    body.put("updated_at", novaTime(host.lastHeartbeat()));
    body.put("disabled_reason", host.disabledReason().orElse(null));
    if (version.atLeast(11)) {
      body.put("forced_down", host.forcedDown());
    }
    return body;
  }

  static Map<String, Object> hypervisor(Hypervisor hypervisor, boolean detail, Microversion v) {
    ComputeHost host = hypervisor.service();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id(host.id(), v));
    body.put("hypervisor_hostname", host.host());
    body.put("state", hypervisor.up() ? "up" : "down");
    body.put("status", host.status().wireName());
    if (!detail) {
      return body;
    }
    body.put("hypervisor_type", "faultline");
    body.put("hypervisor_version", 1);
    // What the host's agent reported; null until it does (Nova's is its configured my_ip).
    body.put("host_ip", hypervisor.report().hostIp().orElse(null));
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("id", id(host.id(), v));
    service.put("host", host.host());
    service.put("disabled_reason", host.disabledReason().orElse(null));
    body.put("service", service);
    body.put("vcpus", host.vcpus());
    body.put("memory_mb", host.memoryMb());
    body.put("local_gb", LOCAL_GB);
    body.put("vcpus_used", hypervisor.usage().vcpus());
    body.put("memory_mb_used", hypervisor.usage().memoryMb());
    body.put("local_gb_used", 0);
    body.put("free_ram_mb", host.memoryMb() - hypervisor.usage().memoryMb());
    body.put("free_disk_gb", LOCAL_GB);
    body.put("current_workload", 0);
    body.put("running_vms", hypervisor.usage().instances());
    body.put("disk_available_least", LOCAL_GB);
    body.put("cpu_info", v.atLeast(28) ? Map.of() : "{}");
    return body;
  }

  static Map<String, Object> flavor(FlavorSpec spec, boolean detail, String baseUrl) {
    Flavor flavor = spec.flavor();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", flavor.id().value());
    body.put("name", flavor.name());
    body.put("links", links(baseUrl, "flavors", flavor.id().value()));
    if (detail) {
      body.put("ram", flavor.memoryMb());
      body.put("vcpus", flavor.vcpus());
      body.put("disk", flavor.diskGb());
      body.put("OS-FLV-EXT-DATA:ephemeral", spec.ephemeralGb());
      body.put("OS-FLV-DISABLED:disabled", false);
      // Nova's quirk: no swap is an empty string, not 0.
      body.put("swap", spec.swapMb() == 0 ? "" : spec.swapMb());
      body.put("rxtx_factor", spec.rxtxFactor());
      body.put("os-flavor-access:is_public", spec.isPublic());
    }
    return body;
  }

  static Map<String, Object> action(InstanceAction action) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", action.action());
    body.put("instance_uuid", action.instanceId().value());
    body.put("message", action.message().orElse(null));
    body.put("project_id", action.projectId());
    body.put("request_id", action.requestId());
    body.put("start_time", novaTime(action.startTime()));
    body.put("user_id", action.userId());
    return body;
  }

  /** {@code self} (versioned) and {@code bookmark} (unversioned) links, as Nova builds them. */
  static List<Map<String, String>> links(String computeBase, String collection, String id) {
    return List.of(
        Map.of("rel", "self", "href", computeBase + "/v2.1/" + collection + "/" + id),
        Map.of("rel", "bookmark", "href", computeBase + "/" + collection + "/" + id));
  }
}
