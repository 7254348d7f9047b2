package io.faultline.server.api.compute;

import static io.faultline.server.api.compute.ComputeRepresentations.isoSeconds;
import static io.faultline.server.api.compute.ComputeRepresentations.novaTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceFault;
import io.faultline.compute.ServerDetails;
import io.faultline.compute.ServerView;
import io.faultline.compute.VmState;
import io.faultline.network.ServerAddress;
import io.faultline.server.api.compute.ComputeRepresentations.Link;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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

  /** A server as the plain list shows it. */
  record ServerBrief(String id, String name, List<Link> links) {
    static ServerBrief from(Instance instance, String computeBase) {
      return new ServerBrief(
          instance.id().value(),
          instance.name(),
          ComputeRepresentations.links(computeBase, "servers", instance.id().value()));
    }
  }

  /** An image or, before 2.47, a flavor: its id and bookmark. */
  record Bookmarked(String id, List<Link> links) {}

  /** The flavor embedded in a server from 2.47. */
  record EmbeddedFlavor(
      int vcpus,
      int ram,
      int disk,
      int ephemeral,
      int swap,
      @JsonProperty("original_name") String originalName) {}

  record FaultRepresentation(int code, String created, String message, String details) {
    static FaultRepresentation from(InstanceFault fault) {
      return new FaultRepresentation(
          fault.code(), isoSeconds(fault.createdAt()), fault.message(), fault.details());
    }
  }

  record SecurityGroup(String name) {
    static final List<SecurityGroup> DEFAULT = List.of(new SecurityGroup("default"));
  }

  /** {@code description}, a key from 2.19 whose value may be null. */
  record Description(String description) {}

  /**
   * Nova's server detail ({@code views/servers.py}). Keys that exist only in some states, to some
   * callers or from some microversion are absent otherwise.
   */
  record ServerDetail(
      String id,
      String name,
      String status,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("user_id") String userId,
      Map<String, String> metadata,
      String hostId,
      Bookmarked image,
      Object flavor,
      String created,
      String updated,
      Map<String, List<Address>> addresses,
      String accessIPv4,
      String accessIPv6,
      List<Link> links,
      @JsonProperty("OS-DCF:diskConfig") String diskConfig,
      @JsonInclude(Include.NON_NULL) Integer progress,
      @JsonInclude(Include.NON_NULL) FaultRepresentation fault,
      @JsonProperty("OS-EXT-AZ:availability_zone") String availabilityZone,
      @JsonProperty("config_drive") String configDrive,
      @JsonProperty("key_name") String keyName,
      @JsonProperty("OS-SRV-USG:launched_at") String launchedAt,
      @JsonProperty("OS-SRV-USG:terminated_at") String terminatedAt,
      @JsonProperty("security_groups") @JsonInclude(Include.NON_EMPTY)
          List<SecurityGroup> securityGroups,
      @JsonProperty("os-extended-volumes:volumes_attached") List<Object> volumesAttached,
      @JsonProperty("OS-EXT-STS:task_state") String taskState,
      @JsonProperty("OS-EXT-STS:vm_state") String vmState,
      @JsonProperty("OS-EXT-STS:power_state") int powerState,
      @JsonProperty("OS-EXT-SRV-ATTR:host") @JsonInclude(Include.NON_NULL) String host,
      @JsonProperty("OS-EXT-SRV-ATTR:hypervisor_hostname") @JsonInclude(Include.NON_NULL)
          String hypervisorHostname,
      @JsonProperty("OS-EXT-SRV-ATTR:instance_name") @JsonInclude(Include.NON_NULL)
          String instanceName,
      @JsonInclude(Include.NON_NULL) Boolean locked,
      @JsonProperty("host_status") @JsonInclude(Include.NON_NULL) String hostStatus,
      @JsonUnwrapped Description description,
      @JsonInclude(Include.NON_NULL) List<String> tags) {

    static ServerDetail from(
        ServerView view, Visibility visibility, Microversion version, String computeBase) {
      Instance instance = view.instance();
      ServerDetails details = view.details();
      boolean extended = visibility.extendedAttributes();
      VmState state = instance.vmState();
      return new ServerDetail(
          instance.id().value(),
          instance.name(),
          ServerRepresentations.status(instance),
          instance.projectId(),
          instance.userId(),
          details.metadata(),
          ServerRepresentations.hostId(instance),
          new Bookmarked(
              instance.imageId().value(),
              Link.bookmark(computeBase + "/images/" + instance.imageId().value())),
          ServerRepresentations.flavor(instance, version, computeBase),
          isoSeconds(instance.createdAt()),
          isoSeconds(instance.updatedAt()),
          novaAddresses(view.ports().addresses()),
          details.accessIpv4(),
          details.accessIpv6(),
          ComputeRepresentations.links(computeBase, "servers", instance.id().value()),
          details.diskConfig(),
          state == VmState.ACTIVE || state == VmState.BUILDING ? 0 : null,
          view.fault().map(FaultRepresentation::from).orElse(null),
          "nova",
          "",
          details.keyName().orElse(null),
          instance.launchedAt().map(t -> novaTime(t)).orElse(null),
          instance.deletedAt().map(t -> novaTime(t)).orElse(null),
          view.ports().securityGroups().stream().map(SecurityGroup::new).toList(),
          List.of(),
          instance.taskState().orElse(null),
          state.wireName(),
          instance.powerState().code(),
          extended ? instance.host() : null,
          extended ? instance.host() : null,
          extended ? "instance-" + instance.id().value() : null,
          version.atLeast(9) ? false : null,
          version.atLeast(16) && visibility.hostStatus() ? view.hostStatus().wireName() : null,
          version.atLeast(19) ? new Description(details.description().orElse(null)) : null,
          version.atLeast(26) ? List.of() : null);
    }
  }

  /** One fixed address under its network's name in {@code addresses}, as Nova writes it. */
  record Address(
      @JsonProperty("OS-EXT-IPS-MAC:mac_addr") String macAddress,
      int version,
      String addr,
      @JsonProperty("OS-EXT-IPS:type") String type) {}

  /** Nova's {@code addresses}: each network's name with its addresses, in port order. */
  static Map<String, List<Address>> novaAddresses(List<ServerAddress> addresses) {
    Map<String, List<Address>> byNetwork = new LinkedHashMap<>();
    for (ServerAddress address : addresses) {
      byNetwork
          .computeIfAbsent(address.networkName(), unused -> new ArrayList<>())
          .add(new Address(address.macAddress(), 4, address.address(), "fixed"));
    }
    return byNetwork;
  }

  record ServerBody(ServerDetail server) {}

  /** A rebuilt server: its detail and the password the rebuild set. */
  record RebuiltServer(@JsonUnwrapped ServerDetail detail, String adminPass) {}

  record RebuiltServerBody(RebuiltServer server) {}

  private static Object flavor(Instance instance, Microversion version, String computeBase) {
    if (!version.atLeast(47)) {
      return new Bookmarked(
          instance.flavor().id().value(),
          Link.bookmark(computeBase + "/flavors/" + instance.flavor().id().value()));
    }
    return new EmbeddedFlavor(
        instance.flavor().vcpus(),
        instance.flavor().memoryMb(),
        instance.flavor().diskGb(),
        0,
        0,
        instance.flavor().name());
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
