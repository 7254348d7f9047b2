package io.faultline.server.api.compute;

import static io.faultline.server.api.compute.ComputeRepresentations.novaTime;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.ServiceChange;
import io.faultline.compute.ServiceId;
import io.faultline.compute.ServiceRef;
import io.faultline.compute.ServiceStatus;
import io.faultline.compute.ServiceUpdate;
import io.faultline.error.FaultlineException;
import io.faultline.paging.Page;
import io.faultline.server.api.compute.ComputeRepresentations.HypervisorRepresentation;
import io.faultline.server.api.compute.ComputeRepresentations.ServiceBody;
import io.faultline.server.api.compute.ComputeRepresentations.ServiceList;
import io.faultline.server.api.compute.ComputeRepresentations.ServiceRepresentation;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.PageLinks;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Nova: version documents, os-services (all three host-down forms route to one service operation,
 * {@link ComputeService#updateService}), os-hosts and os-hypervisors. Flavors are in {@link
 * FlavorsApi}, servers in {@link ServersApi}.
 */
public final class NovaApi implements ApiModule {
  private final ComputeService compute;
  private final int maxPage;

  /**
   * @param maxPage the largest page of the hypervisor list (2.33+) and its size without a limit
   */
  public NovaApi(ComputeService compute, int maxPage) {
    this.compute = requireNonNull(compute, "compute is null");
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
  }

  @Override
  public void register(Router router) {
    router.getPublic(Service.COMPUTE, "/", this::versions);
    router.getPublic(Service.COMPUTE, "/v2.1", this::version);
    NovaRoutes nova = new NovaRoutes(router);
    nova.get("/os-services", this::listServices);
    nova.get("/os-availability-zone", (e, v) -> zones(e, false));
    nova.get("/os-availability-zone/detail", (e, v) -> zones(e, true));
    nova.put("/os-services/{service}", this::updateService);
    nova.get("/os-hosts", this::listHosts);
    nova.get("/os-hosts/{host}", this::showHost);
    nova.put("/os-hosts/{host}", this::updateHost);
    nova.get("/os-hypervisors", (e, v) -> hypervisors(e, v, false));
    nova.get("/os-hypervisors/detail", (e, v) -> hypervisors(e, v, true));
    new HypervisorsApi(compute).register(nova);
  }

  static String computeBase(Exchange exchange) {
    return exchange.baseUrl() + Service.COMPUTE.prefix().orElse("");
  }

  private void versions(Exchange exchange) {
    String base = computeBase(exchange);
    exchange.json(200, new VersionList(List.of(VersionEntry.of(base, false))));
  }

  private void version(Exchange exchange) {
    exchange.json(200, new VersionBody(VersionEntry.of(computeBase(exchange), true)));
  }

  record VersionLink(String rel, @JsonInclude(Include.NON_NULL) String type, String href) {}

  record MediaType(String base, String type) {}

  /** Nova's v2.1 version document; the version's own page adds its documentation and media type. */
  record VersionEntry(
      String id,
      String status,
      String version,
      @JsonProperty("min_version") String minVersion,
      String updated,
      List<VersionLink> links,
      @JsonProperty("media-types") @JsonInclude(Include.NON_NULL) List<MediaType> mediaTypes) {
    static VersionEntry of(String base, boolean full) {
      VersionLink self = new VersionLink("self", null, base + "/v2.1/");
      return new VersionEntry(
          "v2.1",
          "CURRENT",
          Microversion.MAX.toString(),
          Microversion.MIN.toString(),
          "2013-07-23T11:33:21Z",
          full
              ? List.of(
                  self, new VersionLink("describedby", "text/html", "http://docs.openstack.org/"))
              : List.of(self),
          full
              ? List.of(
                  new MediaType(
                      "application/json", "application/vnd.openstack.compute+json;version=2.1"))
              : null);
    }
  }

  record VersionList(List<VersionEntry> versions) {}

  record VersionBody(VersionEntry version) {}

  /** What the pre-2.53 {@code PUT /os-services/{action}} echoes: only what the action set. */
  record ServiceActionReply(
      String host,
      String binary,
      @JsonInclude(Include.NON_NULL) String status,
      @JsonProperty("disabled_reason") @JsonInclude(Include.NON_NULL) String disabledReason,
      @JsonProperty("forced_down") @JsonInclude(Include.NON_NULL) Boolean forcedDown) {}

  record ServiceActionBody(ServiceActionReply service) {}

  record HostEntry(@JsonProperty("host_name") String hostName, String service, String zone) {}

  record HostList(List<HostEntry> hosts) {}

  record HostResource(
      String project,
      @JsonProperty("memory_mb") long memoryMb,
      String host,
      long cpu,
      @JsonProperty("disk_gb") long diskGb) {}

  record HostResourceEntry(HostResource resource) {}

  record HostBody(List<HostResourceEntry> host) {}

  /** What {@code PUT /os-hosts/{host}} echoes: the fields the request set. */
  record HostUpdateReply(
      String host,
      @JsonInclude(Include.NON_NULL) String status,
      @JsonProperty("maintenance_mode") @JsonInclude(Include.NON_NULL) String maintenanceMode,
      @JsonProperty("host_down_reported") @JsonInclude(Include.NON_NULL)
          Boolean hostDownReported) {}

  record HypervisorList(
      List<HypervisorRepresentation> hypervisors,
      @JsonProperty("hypervisors_links") @JsonInclude(Include.NON_NULL)
          List<PageLinks.Link> hypervisorsLinks) {}

  private void listServices(Exchange exchange, Microversion version) {
    List<ServiceRepresentation> services =
        compute
            .listServices(exchange.credentials(), exchange.query("host"), exchange.query("binary"))
            .stream()
            .map(host -> ServiceRepresentation.from(host, compute.isUp(host), version))
            .toList();
    exchange.json(200, new ServiceList(services));
  }

  /**
   * Nova's availability zones: compute services are in {@code nova}, the only zone Faultline has,
   * any other in {@code internal}, which only the detail shows. A zone is available while one of
   * its services is enabled. The detail shows each host's services: available when up, active when
   * enabled.
   */
  private void zones(Exchange exchange, boolean detail) {
    NovaQueries.allowOnly(exchange, Set.of());
    Map<String, Map<String, Map<String, ZoneService>>> hostsByZone = new TreeMap<>();
    Map<String, Boolean> available = new TreeMap<>();
    for (ComputeHost host : compute.availabilityZoneServices(exchange.credentials(), detail)) {
      String zone = host.binary().equals(ComputeHost.COMPUTE_BINARY) ? "nova" : "internal";
      if (!detail && zone.equals("internal")) {
        continue;
      }
      boolean enabled = host.status() == ServiceStatus.ENABLED;
      available.merge(zone, enabled, Boolean::logicalOr);
      if (detail) {
        hostsByZone
            .computeIfAbsent(zone, unused -> new TreeMap<>())
            .computeIfAbsent(host.host(), unused -> new TreeMap<>())
            .put(
                host.binary(),
                new ZoneService(compute.isUp(host), enabled, novaTime(host.lastHeartbeat())));
      }
    }
    List<Zone> zones = new ArrayList<>();
    available.forEach(
        (zone, open) ->
            // Without the detail, Nova writes "hosts": null.
            zones.add(new Zone(zone, new ZoneState(open), hostsByZone.get(zone))));
    exchange.json(200, new ZoneList(zones));
  }

  record ZoneService(
      boolean available, boolean active, @JsonProperty("updated_at") String updatedAt) {}

  record ZoneState(boolean available) {}

  record Zone(String zoneName, ZoneState zoneState, Map<String, Map<String, ZoneService>> hosts) {}

  record ZoneList(List<Zone> availabilityZoneInfo) {}

  /** {@code PUT /os-services/{action}} before 2.53, {@code PUT /os-services/{uuid}} from 2.53. */
  private void updateService(Exchange exchange, Microversion version) {
    String target = exchange.pathParam("service");
    ObjectNode body = exchange.jsonObject();
    if (version.atLeast(53)) {
      ServiceId id = parseServiceId(target);
      allowOnly(body, Set.of("status", "disabled_reason", "forced_down"));
      ServiceUpdate update =
          new ServiceUpdate(
              Json.optionalBoolean(body, "forced_down", "forced_down"),
              Json.optionalString(body, "status", "status").map(NovaApi::serviceStatus),
              Json.optionalString(body, "disabled_reason", "disabled_reason"));
      ServiceChange change =
          compute.updateService(exchange.credentials(), new ServiceRef.ById(id), update);
      exchange.json(
          200, new ServiceBody(ServiceRepresentation.from(change.service(), change.up(), version)));
      return;
    }
    Set<String> keys =
        version.atLeast(11)
            ? Set.of("host", "binary", "disabled_reason", "forced_down")
            : Set.of("host", "binary", "disabled_reason");
    String host = Json.requiredString(body, "host", "host");
    String binary = Json.requiredString(body, "binary", "binary");
    ServiceActionReply reply;
    ServiceUpdate update =
        switch (target) {
          case "enable" -> {
            allowOnly(body, keys);
            reply = new ServiceActionReply(host, binary, "enabled", null, null);
            yield new ServiceUpdate(
                Optional.empty(), Optional.of(ServiceStatus.ENABLED), Optional.empty());
          }
          case "disable" -> {
            allowOnly(body, keys);
            reply = new ServiceActionReply(host, binary, "disabled", null, null);
            yield new ServiceUpdate(
                Optional.empty(), Optional.of(ServiceStatus.DISABLED), Optional.empty());
          }
          case "disable-log-reason" -> {
            allowOnly(body, keys);
            String reason =
                Json.optionalString(body, "disabled_reason", "disabled_reason")
                    .orElseThrow(
                        () -> FaultlineException.badRequest("Missing disabled reason field"));
            reply = new ServiceActionReply(host, binary, "disabled", reason, null);
            yield new ServiceUpdate(
                Optional.empty(), Optional.of(ServiceStatus.DISABLED), Optional.of(reason));
          }
          case "force-down" -> {
            if (!version.atLeast(11)) {
              throw NovaRoutes.notAtThisVersion();
            }
            allowOnly(body, keys);
            boolean forcedDown =
                Json.optionalBoolean(body, "forced_down", "forced_down")
                    .orElseThrow(() -> FaultlineException.badRequest("Missing forced_down field"));
            reply = new ServiceActionReply(host, binary, null, null, forcedDown);
            yield ServiceUpdate.forcedDown(forcedDown);
          }
          default -> throw NovaRoutes.notAtThisVersion();
        };
    compute.updateService(exchange.credentials(), new ServiceRef.ByHost(host, binary), update);
    exchange.json(200, new ServiceActionBody(reply));
  }

  private static ServiceId parseServiceId(String value) {
    try {
      return new ServiceId(UUID.fromString(value).toString());
    } catch (IllegalArgumentException e) {
      throw FaultlineException.badRequest("Invalid uuid " + value);
    }
  }

  private static ServiceStatus serviceStatus(String value) {
    try {
      return ServiceStatus.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw FaultlineException.badRequest(e.getMessage());
    }
  }

  /** Nova's schemas forbid additional properties: name the first unexpected one. */
  static void allowOnly(JsonNode body, Set<String> allowed) {
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw FaultlineException.badRequest(
                    "Additional properties are not allowed ('" + name + "' was unexpected)");
              }
            });
  }

  /** Every compute host is in zone {@code nova}; {@code ?zone=} another zone lists none. */
  private void listHosts(Exchange exchange, Microversion version) {
    if (version.atLeast(43)) {
      throw NovaRoutes.notAtThisVersion();
    }
    NovaQueries.allowOnly(exchange, Set.of("zone"));
    boolean otherZone = exchange.query("zone").filter(zone -> !zone.equals("nova")).isPresent();
    List<HostEntry> hosts =
        compute
            .listServices(
                exchange.credentials(), Optional.empty(), Optional.of(ComputeHost.COMPUTE_BINARY))
            .stream()
            .filter(host -> !otherZone)
            .map(host -> new HostEntry(host.host(), "compute", "nova"))
            .toList();
    exchange.json(200, new HostList(hosts));
  }

  /**
   * {@code GET /os-hosts/{host}}: the host's capacity ({@code (total)}), what its instances use
   * ({@code (used_now)}, and {@code (used_max)} the same, as nothing is reserved) and each
   * project's share.
   */
  private void showHost(Exchange exchange, Microversion version) {
    if (version.atLeast(43)) {
      throw NovaRoutes.notAtThisVersion();
    }
    String name = exchange.pathParam("host");
    io.faultline.compute.Hypervisor hypervisor =
        compute.hypervisors(exchange.credentials(), ComputePolicies.HOSTS_SHOW).stream()
            .filter(h -> h.service().host().equals(name))
            .findFirst()
            .orElseThrow(
                () -> FaultlineException.notFound("Compute host " + name + " could not be found."));
    List<HostResourceEntry> resources = new java.util.ArrayList<>();
    ComputeHost host = hypervisor.service();
    resources.add(
        hostResource(
            name, "(total)", host.vcpus(), host.memoryMb(), ComputeRepresentations.LOCAL_GB));
    resources.add(
        hostResource(
            name, "(used_now)", hypervisor.usage().vcpus(), hypervisor.usage().memoryMb(), 0));
    resources.add(
        hostResource(
            name, "(used_max)", hypervisor.usage().vcpus(), hypervisor.usage().memoryMb(), 0));
    Map<String, long[]> byProject = new java.util.TreeMap<>();
    for (io.faultline.compute.Instance instance :
        compute.instancesOn(exchange.credentials(), name)) {
      long[] sum = byProject.computeIfAbsent(instance.projectId(), p -> new long[3]);
      sum[0] += instance.flavor().vcpus();
      sum[1] += instance.flavor().memoryMb();
      sum[2] += instance.flavor().diskGb();
    }
    byProject.forEach(
        (project, sum) -> resources.add(hostResource(name, project, sum[0], sum[1], sum[2])));
    exchange.json(200, new HostBody(resources));
  }

  private static HostResourceEntry hostResource(
      String host, String project, long cpu, long memoryMb, long diskGb) {
    return new HostResourceEntry(new HostResource(project, memoryMb, host, cpu, diskGb));
  }

  /**
   * The seed's {@code PUT /os-hosts/{host}}: {@code host_down_reported} (boolean or "true"/"false")
   * is the host-down report; {@code status} and {@code maintenance_mode} enable or disable the
   * service. The body may be flat or wrapped in {@code "host"}.
   */
  private void updateHost(Exchange exchange, Microversion version) {
    if (version.atLeast(43)) {
      throw NovaRoutes.notAtThisVersion();
    }
    String host = exchange.pathParam("host");
    ObjectNode body = exchange.jsonObject();
    if (body.size() == 1 && body.has("host") && body.get("host").isObject()) {
      body = Json.object(body, "host");
    }
    allowOnly(body, Set.of("host_down_reported", "status", "maintenance_mode"));
    Optional<Boolean> reported = hostDownReported(body);
    Optional<Boolean> enable = enableFlag(body, "status");
    Optional<Boolean> maintenance = enableFlag(body, "maintenance_mode");
    if (reported.isEmpty() && enable.isEmpty() && maintenance.isEmpty()) {
      throw FaultlineException.badRequest(
          "Request body must set at least one of host_down_reported, status, maintenance_mode");
    }
    if (enable.isPresent() && maintenance.isPresent() && enable.get().equals(maintenance.get())) {
      throw FaultlineException.badRequest(
          "status and maintenance_mode contradict each other (maintenance disables the host)");
    }
    Optional<ServiceStatus> status =
        enable
            .map(on -> on ? ServiceStatus.ENABLED : ServiceStatus.DISABLED)
            .or(() -> maintenance.map(on -> on ? ServiceStatus.DISABLED : ServiceStatus.ENABLED));
    Optional<String> reason =
        maintenance.orElse(false) ? Optional.of("maintenance") : Optional.empty();
    ServiceChange change =
        compute.updateService(
            exchange.credentials(),
            new ServiceRef.ByHost(host, ComputeHost.COMPUTE_BINARY),
            new ServiceUpdate(reported, status, reason));
    boolean enabled = change.service().enabled();
    exchange.json(
        200,
        new HostUpdateReply(
            host,
            enable.map(on -> enabled ? "enabled" : "disabled").orElse(null),
            maintenance.map(on -> enabled ? "off_maintenance" : "on_maintenance").orElse(null),
            reported.map(value -> change.service().forcedDown()).orElse(null)));
  }

  private static Optional<Boolean> hostDownReported(JsonNode body) {
    JsonNode value = body.get("host_down_reported");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isBoolean()) {
      return Optional.of(value.asBoolean());
    }
    if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(value.asText()));
    }
    throw FaultlineException.badRequest(
        "'host_down_reported' must be a boolean or \"true\"/\"false\", not "
            + Json.describe(value));
  }

  /** Nova accepts enable/disable in any case. */
  private static Optional<Boolean> enableFlag(JsonNode body, String field) {
    return Json.optionalString(body, field, field)
        .map(
            value ->
                switch (value.toLowerCase(java.util.Locale.ROOT)) {
                  case "enable" -> true;
                  case "disable" -> false;
                  default ->
                      throw FaultlineException.badRequest(
                          "'" + field + "' must be 'enable' or 'disable', not '" + value + "'");
                });
  }

  /**
   * From 2.33 the list pages as Nova's does ({@code limit}, {@code marker}, {@code
   * hypervisors_links}), by default in pages of the largest size; before it, Nova lists every one.
   * The hosts are few (one per compute node) and held in memory; the instances are not.
   */
  private void hypervisors(Exchange exchange, Microversion version, boolean detail) {
    List<HypervisorRepresentation> hypervisors =
        compute.listHypervisors(exchange.credentials(), detail).stream()
            .map(h -> HypervisorRepresentation.from(h, detail, version))
            .toList();
    if (!version.atLeast(33)) {
      // Nova reads no query parameter here before 2.33.
      exchange.json(200, new HypervisorList(hypervisors, null));
      return;
    }
    Page<HypervisorRepresentation> page =
        ServerRequests.page(hypervisors, exchange, maxPage, h -> String.valueOf(h.id()));
    exchange.json(
        200,
        new HypervisorList(
            page.items(),
            page.more()
                ? List.of(PageLinks.next(exchange, String.valueOf(page.last().id())))
                : null));
  }
}
