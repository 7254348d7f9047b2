package io.faultline.server.api.compute;

import static io.faultline.server.api.compute.ComputeRepresentations.isoSeconds;
import static io.faultline.server.api.compute.ComputeRepresentations.links;
import static io.faultline.server.api.compute.ComputeRepresentations.novaTime;

import io.faultline.compute.Instance;
import io.faultline.compute.InstanceFault;
import io.faultline.compute.ServerDetails;
import io.faultline.compute.ServerView;
import io.faultline.compute.VmState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Nova's server body ({@code views/servers.py}) and its status mapping. */
final class ServerRepresentations {
  private ServerRepresentations() {}

  /** What the caller may see beyond the basics. */
  record Visibility(boolean extendedAttributes, boolean hostStatus) {}

  /** Nova's {@code status_from_state}, for the task states Faultline ever sets (none). */
  static String status(Instance instance) {
    return status(instance.vmState());
  }

  static String status(VmState state) {
    return switch (state) {
      case ACTIVE -> "ACTIVE";
      case BUILDING -> "BUILD";
      case STOPPED -> "SHUTOFF";
      case RESIZED -> "VERIFY_RESIZE";
      case PAUSED -> "PAUSED";
      case SUSPENDED -> "SUSPENDED";
      case RESCUED -> "RESCUE";
      case ERROR -> "ERROR";
      case DELETED -> "DELETED";
      case SOFT_DELETED -> "SOFT_DELETED";
      case SHELVED -> "SHELVED";
      case SHELVED_OFFLOADED -> "SHELVED_OFFLOADED";
    };
  }

  /** The vm states a {@code status} filter selects; an unknown status selects nothing. */
  static Set<VmState> statesFor(String status) {
    Set<VmState> states = EnumSet.noneOf(VmState.class);
    for (VmState state : VmState.values()) {
      if (status(state).equals(status.toUpperCase(Locale.ROOT))) {
        states.add(state);
      }
    }
    return states;
  }

  static Map<String, Object> brief(Instance instance, String computeBase) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", instance.id().value());
    body.put("name", instance.name());
    body.put("links", links(computeBase, "servers", instance.id().value()));
    return body;
  }

  static Map<String, Object> detail(
      ServerView view, Visibility visibility, Microversion version, String computeBase) {
    Instance instance = view.instance();
    ServerDetails details = view.details();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", instance.id().value());
    body.put("name", instance.name());
    body.put("status", status(instance));
    body.put("tenant_id", instance.projectId());
    body.put("user_id", instance.userId());
    body.put("metadata", details.metadata());
    body.put("hostId", hostId(instance));
    body.put(
        "image",
        Map.of(
            "id",
            instance.imageId().value(),
            "links",
            List.of(
                Map.of(
                    "rel",
                    "bookmark",
                    "href",
                    computeBase + "/images/" + instance.imageId().value()))));
    body.put("flavor", flavor(instance, version, computeBase));
    body.put("created", isoSeconds(instance.createdAt()));
    body.put("updated", isoSeconds(instance.updatedAt()));
    body.put("addresses", Map.of());
    body.put("accessIPv4", details.accessIpv4());
    body.put("accessIPv6", details.accessIpv6());
    body.put("links", links(computeBase, "servers", instance.id().value()));
    body.put("OS-DCF:diskConfig", details.diskConfig());
    if (instance.vmState() == VmState.ACTIVE || instance.vmState() == VmState.BUILDING) {
      body.put("progress", 0);
    }
    view.fault().ifPresent(fault -> body.put("fault", fault(fault)));
    body.put("OS-EXT-AZ:availability_zone", "nova");
    body.put("config_drive", "");
    body.put("key_name", details.keyName().orElse(null));
    body.put("OS-SRV-USG:launched_at", instance.launchedAt().map(t -> novaTime(t)).orElse(null));
    body.put("OS-SRV-USG:terminated_at", instance.deletedAt().map(t -> novaTime(t)).orElse(null));
    body.put("security_groups", List.of(Map.of("name", "default")));
    body.put("os-extended-volumes:volumes_attached", List.of());
    body.put("OS-EXT-STS:task_state", instance.taskState().orElse(null));
    body.put("OS-EXT-STS:vm_state", instance.vmState().wireName());
    body.put("OS-EXT-STS:power_state", instance.powerState().code());
    if (visibility.extendedAttributes()) {
      body.put("OS-EXT-SRV-ATTR:host", instance.host());
      body.put("OS-EXT-SRV-ATTR:hypervisor_hostname", instance.host());
      body.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + instance.id().value());
    }
    if (version.atLeast(9)) {
      body.put("locked", false);
    }
    if (version.atLeast(16) && visibility.hostStatus()) {
      body.put("host_status", view.hostStatus().wireName());
    }
    if (version.atLeast(19)) {
      body.put("description", details.description().orElse(null));
    }
    if (version.atLeast(26)) {
      body.put("tags", List.of());
    }
    return body;
  }

  private static Object flavor(Instance instance, Microversion version, String computeBase) {
    if (!version.atLeast(47)) {
      return Map.of(
          "id",
          instance.flavor().id().value(),
          "links",
          List.of(
              Map.of(
                  "rel",
                  "bookmark",
                  "href",
                  computeBase + "/flavors/" + instance.flavor().id().value())));
    }
    Map<String, Object> flavor = new LinkedHashMap<>();
    flavor.put("vcpus", instance.flavor().vcpus());
    flavor.put("ram", instance.flavor().memoryMb());
    flavor.put("disk", instance.flavor().diskGb());
    flavor.put("ephemeral", 0);
    flavor.put("swap", 0);
    flavor.put("original_name", instance.flavor().name());
    return flavor;
  }

  private static Map<String, Object> fault(InstanceFault fault) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", fault.code());
    body.put("created", isoSeconds(fault.createdAt()));
    body.put("message", fault.message());
    body.put("details", fault.details());
    return body;
  }

  /** Nova's opaque host id: sha224 of project and host, so tenants can tell co-location. */
  private static String hostId(Instance instance) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-224");
      return HexFormat.of()
          .formatHex(
              digest.digest(
                  (instance.projectId() + instance.host()).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-224 is a required JDK algorithm", e);
    }
  }
}
