package io.faultline.server.api.compute;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.Flavor;
import io.faultline.compute.FlavorSpec;
import io.faultline.compute.Hypervisor;
import io.faultline.compute.InstanceAction;
import io.faultline.compute.ServiceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

  /** One of Nova's {@code links}: {@code self}, {@code bookmark}. */
  record Link(String rel, String href) {
    static List<Link> bookmark(String href) {
      return List.of(new Link("bookmark", href));
    }
  }

  /** {@code self} (versioned) and {@code bookmark} (unversioned) links, as Nova builds them. */
  static List<Link> links(String computeBase, String collection, String id) {
    return List.of(
        new Link("self", computeBase + "/v2.1/" + collection + "/" + id),
        new Link("bookmark", computeBase + "/" + collection + "/" + id));
  }

  /** A compute service; {@code forced_down} exists from 2.11. */
  record ServiceRepresentation(
      Object id,
      String binary,
      String host,
      String zone,
      String status,
      String state,
      @JsonProperty("updated_at") String updatedAt,
      @JsonProperty("disabled_reason") String disabledReason,
      @JsonProperty("forced_down") @JsonInclude(Include.NON_NULL) Boolean forcedDown) {
    static ServiceRepresentation from(ComputeHost host, boolean up, Microversion version) {
      return new ServiceRepresentation(
          ComputeRepresentations.id(host.id(), version),
          host.binary(),
          host.host(),
          "nova",
          host.status().wireName(),
          up ? "up" : "down",
          novaTime(host.lastHeartbeat()),
          host.disabledReason().orElse(null),
          version.atLeast(11) ? host.forcedDown() : null);
    }
  }

  record ServiceBody(ServiceRepresentation service) {}

  record ServiceList(List<ServiceRepresentation> services) {}

  /** A hypervisor, in brief or in detail. */
  sealed interface HypervisorRepresentation permits HypervisorSummary, HypervisorDetail {
    Object id();

    static HypervisorRepresentation from(
        Hypervisor hypervisor, boolean detail, Microversion version) {
      return detail
          ? HypervisorDetail.from(hypervisor, version)
          : HypervisorSummary.from(hypervisor, version);
    }
  }

  /**
   * A hypervisor in a list, a search or an uptime answer. {@code uptime} is there only in the
   * uptime answer, {@code servers} only in the servers answer and only for a host with some.
   */
  record HypervisorSummary(
      Object id,
      @JsonProperty("hypervisor_hostname") String hypervisorHostname,
      String state,
      String status,
      @JsonInclude(Include.NON_NULL) String uptime,
      @JsonInclude(Include.NON_NULL) List<HostedServer> servers)
      implements HypervisorRepresentation {
    static HypervisorSummary from(Hypervisor hypervisor, Microversion version) {
      ComputeHost host = hypervisor.service();
      return new HypervisorSummary(
          ComputeRepresentations.id(host.id(), version),
          host.host(),
          hypervisor.up() ? "up" : "down",
          host.status().wireName(),
          null,
          null);
    }

    HypervisorSummary withUptime(String line) {
      return new HypervisorSummary(id, hypervisorHostname, state, status, line, servers);
    }

    HypervisorSummary withServers(List<HostedServer> hosted) {
      return new HypervisorSummary(
          id, hypervisorHostname, state, status, uptime, hosted.isEmpty() ? null : hosted);
    }
  }

  /** An instance as {@code os-hypervisors/{host}/servers} lists it. */
  record HostedServer(String uuid, String name) {}

  record HypervisorService(
      Object id, String host, @JsonProperty("disabled_reason") String disabledReason) {}

  /** A hypervisor's detail; {@code cpu_info} is a JSON string before 2.28 and an object since. */
  record HypervisorDetail(
      Object id,
      @JsonProperty("hypervisor_hostname") String hypervisorHostname,
      String state,
      String status,
      @JsonProperty("hypervisor_type") String hypervisorType,
      @JsonProperty("hypervisor_version") int hypervisorVersion,
      @JsonProperty("host_ip") String hostIp,
      HypervisorService service,
      int vcpus,
      @JsonProperty("memory_mb") long memoryMb,
      @JsonProperty("local_gb") int localGb,
      @JsonProperty("vcpus_used") int vcpusUsed,
      @JsonProperty("memory_mb_used") long memoryMbUsed,
      @JsonProperty("local_gb_used") int localGbUsed,
      @JsonProperty("free_ram_mb") long freeRamMb,
      @JsonProperty("free_disk_gb") int freeDiskGb,
      @JsonProperty("current_workload") int currentWorkload,
      @JsonProperty("running_vms") int runningVms,
      @JsonProperty("disk_available_least") int diskAvailableLeast,
      @JsonProperty("cpu_info") Object cpuInfo)
      implements HypervisorRepresentation {
    static HypervisorDetail from(Hypervisor hypervisor, Microversion version) {
      ComputeHost host = hypervisor.service();
      return new HypervisorDetail(
          ComputeRepresentations.id(host.id(), version),
          host.host(),
          hypervisor.up() ? "up" : "down",
          host.status().wireName(),
          "faultline",
          1,
          // What the host's agent reported; null until it does (Nova's is its configured my_ip).
          hypervisor.report().hostIp().orElse(null),
          new HypervisorService(
              ComputeRepresentations.id(host.id(), version),
              host.host(),
              host.disabledReason().orElse(null)),
          host.vcpus(),
          host.memoryMb(),
          LOCAL_GB,
          hypervisor.usage().vcpus(),
          hypervisor.usage().memoryMb(),
          0,
          host.memoryMb() - hypervisor.usage().memoryMb(),
          LOCAL_GB,
          0,
          hypervisor.usage().instances(),
          LOCAL_GB,
          version.atLeast(28) ? Map.of() : "{}");
    }
  }

  /** A flavor; the sizes and Nova's extension keys are there only in the detail. */
  record FlavorRepresentation(
      String id,
      String name,
      List<Link> links,
      @JsonInclude(Include.NON_NULL) Integer ram,
      @JsonInclude(Include.NON_NULL) Integer vcpus,
      @JsonInclude(Include.NON_NULL) Integer disk,
      @JsonProperty("OS-FLV-EXT-DATA:ephemeral") @JsonInclude(Include.NON_NULL) Integer ephemeral,
      @JsonProperty("OS-FLV-DISABLED:disabled") @JsonInclude(Include.NON_NULL) Boolean disabled,
      @JsonInclude(Include.NON_NULL) Object swap,
      @JsonProperty("rxtx_factor") @JsonInclude(Include.NON_NULL) Double rxtxFactor,
      @JsonProperty("os-flavor-access:is_public") @JsonInclude(Include.NON_NULL) Boolean isPublic) {
    static FlavorRepresentation from(FlavorSpec spec, boolean detail, String baseUrl) {
      Flavor flavor = spec.flavor();
      List<Link> links = ComputeRepresentations.links(baseUrl, "flavors", flavor.id().value());
      if (!detail) {
        return new FlavorRepresentation(
            flavor.id().value(),
            flavor.name(),
            links,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
      }
      return new FlavorRepresentation(
          flavor.id().value(),
          flavor.name(),
          links,
          flavor.memoryMb(),
          flavor.vcpus(),
          flavor.diskGb(),
          spec.ephemeralGb(),
          false,
          // Nova's quirk: no swap is an empty string, not 0.
          spec.swapMb() == 0 ? "" : spec.swapMb(),
          spec.rxtxFactor(),
          spec.isPublic());
    }
  }

  record FlavorBody(FlavorRepresentation flavor) {}

  /**
   * One action of a server's log. Shown alone ({@code GET
   * /servers/{id}/os-instance-actions/{request_id}}) it carries the steps Nova's services took for
   * it as events; Faultline takes an action in one step and records none, so that list is empty.
   * Listed, it has no events field, as in Nova.
   */
  record InstanceActionRepresentation(
      String action,
      @JsonInclude(Include.NON_NULL) List<Object> events,
      @JsonProperty("instance_uuid") String instanceUuid,
      String message,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("request_id") String requestId,
      @JsonProperty("start_time") String startTime,
      @JsonProperty("user_id") String userId) {
    static InstanceActionRepresentation listed(InstanceAction action) {
      return of(action, null);
    }

    static InstanceActionRepresentation shown(InstanceAction action) {
      return of(action, List.of());
    }

    private static InstanceActionRepresentation of(InstanceAction action, List<Object> events) {
      return new InstanceActionRepresentation(
          action.action(),
          events,
          action.instanceId().value(),
          action.message().orElse(null),
          action.projectId(),
          action.requestId(),
          novaTime(action.startTime()),
          action.userId());
    }
  }
}
