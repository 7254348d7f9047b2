package io.faultline.server.api.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.network.AllocationPool;
import io.faultline.network.NetworkId;
import io.faultline.network.NetworkService;
import io.faultline.network.Subnet;
import io.faultline.network.SubnetCreate;
import io.faultline.network.SubnetId;
import io.faultline.network.SubnetService;
import io.faultline.network.SubnetUpdate;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.PageLinks;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Neutron v2.0 subnets (IPv4, with allocation pools; bulk create) and the quota read. */
public final class SubnetsApi implements ApiModule {
  private static final Set<String> CREATE =
      Set.of(
          "network_id",
          "name",
          "description",
          "ip_version",
          "cidr",
          "gateway_ip",
          "allocation_pools",
          "enable_dhcp",
          "dns_nameservers",
          "project_id",
          "tenant_id");
  private static final Set<String> UPDATE =
      Set.of(
          "name",
          "description",
          "gateway_ip",
          "allocation_pools",
          "enable_dhcp",
          "dns_nameservers");
  static final Set<String> FILTERS =
      Set.of(
          "id",
          "name",
          "network_id",
          "cidr",
          "gateway_ip",
          "ip_version",
          "enable_dhcp",
          "project_id",
          "tenant_id",
          "description",
          "revision_number");

  private final SubnetService subnets;
  private final NetworkService networks;
  private final boolean filterValidation;
  private final int maxPage;

  public SubnetsApi(
      SubnetService subnets, NetworkService networks, boolean filterValidation, int maxPage) {
    this.subnets = requireNonNull(subnets, "subnets is null");
    this.networks = requireNonNull(networks, "networks is null");
    this.filterValidation = filterValidation;
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
  }

  /** A subnet on the wire (Neutron's attribute names). */
  record SubnetRepresentation(
      String id,
      String name,
      String description,
      @JsonProperty("network_id") String networkId,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("ip_version") int ipVersion,
      String cidr,
      @JsonProperty("gateway_ip") String gatewayIp,
      @JsonProperty("allocation_pools") List<AllocationPool> allocationPools,
      @JsonProperty("enable_dhcp") boolean enableDhcp,
      @JsonProperty("dns_nameservers") List<String> dnsNameservers,
      @JsonProperty("host_routes") List<Object> hostRoutes,
      @JsonProperty("ipv6_ra_mode") String ipv6RaMode,
      @JsonProperty("ipv6_address_mode") String ipv6AddressMode,
      @JsonProperty("subnetpool_id") String subnetpoolId,
      @JsonProperty("service_types") List<String> serviceTypes,
      @JsonProperty("segment_id") String segmentId,
      List<String> tags,
      @JsonProperty("revision_number") long revisionNumber,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {
    static SubnetRepresentation from(Subnet subnet) {
      return new SubnetRepresentation(
          subnet.id().value(),
          subnet.name(),
          subnet.description(),
          subnet.networkId().value(),
          subnet.projectId(),
          subnet.projectId(),
          Subnet.IP_VERSION,
          subnet.cidr(),
          subnet.gatewayIp().orElse(null),
          subnet.allocationPools(),
          subnet.enableDhcp(),
          subnet.dnsNameservers(),
          List.of(),
          null,
          null,
          null,
          List.of(),
          null,
          List.of(),
          subnet.revisionNumber(),
          seconds(subnet.createdAt()),
          seconds(subnet.updatedAt()));
    }

    private static String seconds(Instant instant) {
      return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
  }

  @Override
  public void register(Router router) {
    router.get(Service.NETWORK, "/v2.0/subnets", this::list);
    router.post(Service.NETWORK, "/v2.0/subnets", this::create);
    router.get(Service.NETWORK, "/v2.0/subnets/{id}", this::show);
    router.put(Service.NETWORK, "/v2.0/subnets/{id}", this::update);
    router.delete(Service.NETWORK, "/v2.0/subnets/{id}", this::delete);
    router.get(Service.NETWORK, "/v2.0/quotas/{project_id}", this::quota);
    router.get(Service.NETWORK, "/v2.0/quotas/{project_id}/default", this::quota);
  }

  private static Object render(Subnet subnet, List<String> fields) {
    return NeutronRepresentations.select(SubnetRepresentation.from(subnet), fields);
  }

  record SubnetBody(Object subnet) {}

  record SubnetList(
      List<?> subnets,
      @JsonProperty("subnets_links") @JsonInclude(Include.NON_NULL) List<PageLinks.Link> links) {}

  record QuotaBody(Map<String, Long> quota) {}

  private void list(Exchange exchange) {
    ListQueries.Listing listing =
        ListQueries.listing(
            exchange,
            subnets.list(exchange.credentials()).stream().map(SubnetRepresentation::from).toList(),
            FILTERS,
            "subnets",
            filterValidation,
            maxPage);
    exchange.json(200, new SubnetList(listing.items(), listing.links()));
  }

  /** {@code {"subnet": {...}}}, or Neutron's bulk form {@code {"subnets": [...]}}. */
  private void create(Exchange exchange) {
    ObjectNode body = exchange.jsonObject();
    if (body.has("subnets")) {
      List<SubnetCreate> requests = new ArrayList<>();
      for (ObjectNode item : NetworkApi.bulk(body, "subnets")) {
        requests.add(request(item));
      }
      List<Subnet> created = subnets.create(exchange.credentials(), requests);
      exchange.json(
          201, new SubnetList(created.stream().map(s -> render(s, List.of())).toList(), null));
      return;
    }
    SubnetCreate request = request(Json.object(body, "subnet"));
    Subnet created = subnets.create(exchange.credentials(), List.of(request)).get(0);
    exchange.json(201, new SubnetBody(render(created, List.of())));
  }

  private static SubnetCreate request(ObjectNode subnet) {
    PortRequests.checkKnown(subnet, CREATE, "POST");
    Optional<Integer> version = Json.optionalInt(subnet, "ip_version", "subnet.ip_version");
    if (version.isEmpty()) {
      throw FaultlineException.badRequest(
          "Failed to parse request. Required attribute 'ip_version' not specified");
    }
    if (version.get() != Subnet.IP_VERSION) {
      throw FaultlineException.badRequest(
          "Invalid input for ip_version. Reason: only IPv4 (4) subnets are supported, not "
              + version.get()
              + ".");
    }
    return new SubnetCreate(
        PortRequests.project(subnet),
        new NetworkId(PortRequests.required(subnet, "subnet", "network_id")),
        Json.optionalString(subnet, "name", "subnet.name").orElse(""),
        Json.optionalString(subnet, "description", "subnet.description").orElse(""),
        PortRequests.required(subnet, "subnet", "cidr"),
        nullableString(subnet, "gateway_ip"),
        subnet.has("gateway_ip") && subnet.get("gateway_ip").isNull(),
        pools(subnet),
        Json.optionalBoolean(subnet, "enable_dhcp", "subnet.enable_dhcp").orElse(true),
        strings(subnet, "dns_nameservers").orElse(List.of()));
  }

  private static Optional<String> nullableString(ObjectNode subnet, String field) {
    JsonNode value = subnet.get(field);
    return value == null || value.isNull()
        ? Optional.empty()
        : Json.optionalString(subnet, field, "subnet." + field);
  }

  private static Optional<List<AllocationPool>> pools(ObjectNode subnet) {
    JsonNode value = subnet.get("allocation_pools");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw FaultlineException.badRequest(
          "Invalid input for allocation_pools. Reason: "
              + Json.describe(value)
              + " is not a list.");
    }
    List<AllocationPool> pools = new ArrayList<>();
    for (JsonNode pool : value) {
      if (!pool.isObject()) {
        throw FaultlineException.badRequest(
            "Invalid input for allocation_pools. Reason: "
                + Json.describe(pool)
                + " is not a dict.");
      }
      pools.add(
          new AllocationPool(
              Json.requiredString(pool, "start", "allocation_pools[].start"),
              Json.requiredString(pool, "end", "allocation_pools[].end")));
    }
    return Optional.of(pools);
  }

  private static Optional<List<String>> strings(ObjectNode subnet, String field) {
    JsonNode value = subnet.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw FaultlineException.badRequest(
          "Invalid input for " + field + ". Reason: " + Json.describe(value) + " is not a list.");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw FaultlineException.badRequest(
            "Invalid input for "
                + field
                + ". Reason: "
                + Json.describe(item)
                + " is not a string.");
      }
      strings.add(item.asText());
    }
    return Optional.of(strings);
  }

  private void show(Exchange exchange) {
    Subnet subnet = subnets.get(exchange.credentials(), new SubnetId(exchange.pathParam("id")));
    exchange.json(200, new SubnetBody(render(subnet, exchange.queryAll("fields"))));
  }

  private void update(Exchange exchange) {
    ObjectNode subnet = Json.object(exchange.jsonObject(), "subnet");
    PortRequests.checkKnown(subnet, UPDATE, "PUT");
    Subnet updated =
        subnets.update(
            exchange.credentials(),
            new SubnetId(exchange.pathParam("id")),
            new SubnetUpdate(
                Json.optionalString(subnet, "name", "subnet.name"),
                Json.optionalString(subnet, "description", "subnet.description"),
                subnet.has("gateway_ip"),
                nullableString(subnet, "gateway_ip"),
                pools(subnet),
                Json.optionalBoolean(subnet, "enable_dhcp", "subnet.enable_dhcp"),
                strings(subnet, "dns_nameservers")));
    exchange.json(200, new SubnetBody(render(updated, List.of())));
  }

  private void delete(Exchange exchange) {
    subnets.delete(exchange.credentials(), new SubnetId(exchange.pathParam("id")));
    exchange.noContent();
  }

  private void quota(Exchange exchange) {
    exchange.json(
        200,
        new QuotaBody(networks.quota(exchange.credentials(), exchange.pathParam("project_id"))));
  }
}
