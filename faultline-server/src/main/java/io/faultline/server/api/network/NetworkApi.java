package io.faultline.server.api.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.network.Network;
import io.faultline.network.NetworkCreate;
import io.faultline.network.NetworkId;
import io.faultline.network.NetworkService;
import io.faultline.network.NetworkUpdate;
import io.faultline.network.Port;
import io.faultline.network.PortId;
import io.faultline.network.SecurityGroupId;
import io.faultline.paging.Page;
import io.faultline.policy.Credentials;
import io.faultline.server.api.network.NeutronRepresentations.NetworkRepresentation;
import io.faultline.server.api.network.NeutronRepresentations.PortRepresentation;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.PageLinks;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neutron v2.0: version discovery, extensions, networks and ports. Resources parse and render;
 * {@link NetworkService} decides.
 */
public final class NetworkApi implements ApiModule {
  private static final Service NEUTRON = Service.NETWORK;
  private static final Pattern IF_MATCH = Pattern.compile("revision_number=(\\d{1,18})");
  private static final Set<String> NETWORK_FIELDS =
      Set.of("name", "description", "admin_state_up", "shared", "project_id", "tenant_id");
  private static final Set<String> NETWORK_UPDATE_FIELDS =
      Set.of("name", "description", "admin_state_up", "shared");

  private final NetworkService service;
  private final boolean filterValidation;
  private final int maxPage;

  /**
   * @param filterValidation whether an unknown list filter is a 400 (Neutron's default) or ignored
   * @param maxPage the largest page of a list, and its size when the client gives no limit
   */
  public NetworkApi(NetworkService service, boolean filterValidation, int maxPage) {
    this.service = requireNonNull(service, "service is null");
    this.filterValidation = filterValidation;
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
  }

  @Override
  public void register(Router router) {
    router.getPublic(NEUTRON, "/", this::versions);
    router.get(NEUTRON, "/v2.0", this::resources);
    router.get(NEUTRON, "/v2.0/extensions", this::listExtensions);
    router.get(NEUTRON, "/v2.0/extensions/{alias}", this::showExtension);

    router.get(NEUTRON, "/v2.0/networks", this::listNetworks);
    router.post(NEUTRON, "/v2.0/networks", this::createNetwork);
    router.get(NEUTRON, "/v2.0/networks/{id}", this::showNetwork);
    router.put(NEUTRON, "/v2.0/networks/{id}", this::updateNetwork);
    router.delete(NEUTRON, "/v2.0/networks/{id}", this::deleteNetwork);

    router.get(NEUTRON, "/v2.0/ports", this::listPorts);
    router.post(NEUTRON, "/v2.0/ports", this::createPort);
    router.get(NEUTRON, "/v2.0/ports/{id}", this::showPort);
    router.put(NEUTRON, "/v2.0/ports/{id}", this::updatePort);
    router.delete(NEUTRON, "/v2.0/ports/{id}", this::deletePort);
  }

  private void versions(Exchange exchange) {
    exchange.json(
        200,
        new VersionList(
            List.of(
                new Version(
                    "v2.0",
                    "CURRENT",
                    List.of(new Link("self", exchange.baseUrl() + "/network/v2.0/"))))));
  }

  private void resources(Exchange exchange) {
    String base = exchange.baseUrl() + "/network/v2.0/";
    exchange.json(
        200,
        new ResourceList(
            List.of(
                Resource.of("network", "networks", base),
                Resource.of("port", "ports", base),
                Resource.of("subnet", "subnets", base))));
  }

  record Link(String rel, String href) {}

  record Version(String id, String status, List<Link> links) {}

  record VersionList(List<Version> versions) {}

  /** A resource the v2.0 root lists, with the link to its collection. */
  record Resource(String name, String collection, List<Link> links) {
    static Resource of(String name, String collection, String base) {
      return new Resource(name, collection, List.of(new Link("self", base + collection)));
    }
  }

  record ResourceList(List<Resource> resources) {}

  record ExtensionList(List<NeutronExtensions.Extension> extensions) {}

  record ExtensionBody(NeutronExtensions.Extension extension) {}

  record NetworkBody(Object network) {}

  record NetworkList(
      List<?> networks,
      @JsonProperty("networks_links") @JsonInclude(Include.NON_NULL) List<PageLinks.Link> links) {}

  record PortBody(Object port) {}

  record PortList(
      List<?> ports,
      @JsonProperty("ports_links") @JsonInclude(Include.NON_NULL) List<PageLinks.Link> links) {}

  private void listExtensions(Exchange exchange) {
    exchange.json(200, new ExtensionList(NeutronExtensions.ALL));
  }

  private void showExtension(Exchange exchange) {
    String alias = exchange.pathParam("alias");
    NeutronExtensions.Extension extension =
        NeutronExtensions.find(alias)
            .orElseThrow(() -> FaultlineException.notFound("Extension " + alias + " not found."));
    exchange.json(200, new ExtensionBody(extension));
  }

  // ---- networks

  private void listNetworks(Exchange exchange) {
    ListQueries.Listing listing =
        ListQueries.listing(
            exchange,
            service.listNetworks(exchange.credentials()).stream()
                .map(NetworkRepresentation::from)
                .toList(),
            ListQueries.NETWORK_FILTERS,
            "networks",
            filterValidation,
            maxPage);
    exchange.json(200, new NetworkList(listing.items(), listing.links()));
  }

  /** The items of a bulk create ({@code {"networks": [...]}}): a non-empty list of objects. */
  static List<ObjectNode> bulk(ObjectNode body, String collection) {
    if (body.size() != 1) {
      throw FaultlineException.badRequest(
          "Request body must hold only '" + collection + "' for a bulk create");
    }
    com.fasterxml.jackson.databind.JsonNode items = body.get(collection);
    if (!items.isArray() || items.isEmpty()) {
      throw FaultlineException.badRequest(
          "Invalid input for " + collection + ": expected a non-empty list of objects");
    }
    List<ObjectNode> objects = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode item : items) {
      if (!item.isObject()) {
        throw FaultlineException.badRequest(
            "Invalid input for " + collection + ": " + Json.describe(item) + " is not an object");
      }
      objects.add((ObjectNode) item);
    }
    return objects;
  }

  /** {@code {"network": {...}}}, or Neutron's bulk form {@code {"networks": [...]}}. */
  private void createNetwork(Exchange exchange) {
    ObjectNode body = exchange.jsonObject();
    if (body.has("networks")) {
      List<NetworkCreate> requests =
          bulk(body, "networks").stream().map(NetworkApi::networkCreate).toList();
      List<Network> created = service.createNetworks(exchange.credentials(), requests);
      exchange.json(
          201, new NetworkList(created.stream().map(NetworkRepresentation::from).toList(), null));
      return;
    }
    Network created =
        service.createNetwork(exchange.credentials(), networkCreate(Json.object(body, "network")));
    exchange.json(201, new NetworkBody(NetworkRepresentation.from(created)));
  }

  private static NetworkCreate networkCreate(ObjectNode network) {
    PortRequests.checkKnown(network, NETWORK_FIELDS, "POST");
    return new NetworkCreate(
        PortRequests.project(network),
        Json.optionalString(network, "name", "network.name").orElse(""),
        Json.optionalString(network, "description", "network.description").orElse(""),
        Json.optionalBoolean(network, "shared", "network.shared").orElse(false),
        Json.optionalBoolean(network, "admin_state_up", "network.admin_state_up").orElse(true));
  }

  private void showNetwork(Exchange exchange) {
    Network network = service.getNetwork(exchange.credentials(), networkId(exchange));
    exchange.json(
        200,
        new NetworkBody(
            NeutronRepresentations.select(
                NetworkRepresentation.from(network), exchange.queryAll("fields"))));
  }

  private void updateNetwork(Exchange exchange) {
    ObjectNode network = Json.object(exchange.jsonObject(), "network");
    PortRequests.checkKnown(network, NETWORK_UPDATE_FIELDS, "PUT");
    Network updated =
        service.updateNetwork(
            exchange.credentials(),
            networkId(exchange),
            new NetworkUpdate(
                Json.optionalString(network, "name", "network.name"),
                Json.optionalString(network, "description", "network.description"),
                Json.optionalBoolean(network, "shared", "network.shared"),
                Json.optionalBoolean(network, "admin_state_up", "network.admin_state_up")),
            ifMatch(exchange));
    exchange.json(200, new NetworkBody(NetworkRepresentation.from(updated)));
  }

  private void deleteNetwork(Exchange exchange) {
    service.deleteNetwork(exchange.credentials(), networkId(exchange));
    exchange.noContent();
  }

  // ---- ports

  private void listPorts(Exchange exchange) {
    Credentials caller = exchange.credentials();
    Map<String, List<String>> parameters = exchange.queryMap();
    Page<Port> page =
        service.pagePorts(
            caller,
            ListQueries.ports(parameters, filterValidation),
            ListQueries.marker(parameters),
            ListQueries.limit(parameters, maxPage));
    List<String> fields = exchange.queryAll("fields");
    exchange.json(
        200,
        new PortList(
            render(caller, page.items(), fields),
            ListQueries.links(exchange, page, port -> port.id().value())));
  }

  private void createPort(Exchange exchange) {
    Credentials caller = exchange.credentials();
    ObjectNode body = exchange.jsonObject();
    if (body.has("ports")) {
      List<io.faultline.network.PortCreate> requests = new java.util.ArrayList<>();
      for (ObjectNode item : bulk(body, "ports")) {
        ObjectNode wrapped = exchange.mapper().createObjectNode();
        wrapped.set("port", item);
        requests.add(PortRequests.create(wrapped));
      }
      List<Port> created = service.createPorts(caller, requests);
      exchange.json(201, new PortList(render(caller, created, List.of()), null));
      return;
    }
    Port port = service.createPort(caller, PortRequests.create(body));
    exchange.json(201, new PortBody(render(caller, port, List.of())));
  }

  private void showPort(Exchange exchange) {
    Credentials caller = exchange.credentials();
    Port port = service.getPort(caller, portId(exchange));
    exchange.json(200, new PortBody(render(caller, port, exchange.queryAll("fields"))));
  }

  private void updatePort(Exchange exchange) {
    Credentials caller = exchange.credentials();
    Port port =
        service.updatePort(
            caller,
            portId(exchange),
            PortRequests.update(exchange.jsonObject()),
            ifMatch(exchange));
    exchange.json(200, new PortBody(render(caller, port, List.of())));
  }

  private void deletePort(Exchange exchange) {
    service.deletePort(exchange.credentials(), portId(exchange));
    exchange.noContent();
  }

  private Object render(Credentials caller, Port port, List<String> fields) {
    return render(caller, List.of(port), fields).get(0);
  }

  /** The ports as the caller may see them, each with its security groups (one read for all). */
  private List<Object> render(Credentials caller, List<Port> ports, List<String> fields) {
    Map<PortId, List<SecurityGroupId>> groups = service.securityGroupsOf(ports);
    return ports.stream()
        .map(
            port ->
                NeutronRepresentations.select(
                    PortRepresentation.from(
                        port,
                        service.canSeeBinding(caller, port),
                        groups.getOrDefault(port.id(), List.of()).stream()
                            .map(SecurityGroupId::value)
                            .toList()),
                    fields))
        .toList();
  }

  /** {@code If-Match: revision_number=N}, as neutronclient and the sdk send it. */
  private static OptionalLong ifMatch(Exchange exchange) {
    Optional<String> header = exchange.header("If-Match");
    if (header.isEmpty()) {
      return OptionalLong.empty();
    }
    Matcher matcher = IF_MATCH.matcher(header.get().trim());
    if (!matcher.matches()) {
      throw FaultlineException.badRequest(
          "If-Match must be revision_number=N with N a revision number, not '"
              + header.get()
              + "'");
    }
    return OptionalLong.of(Long.parseLong(matcher.group(1)));
  }

  private static NetworkId networkId(Exchange exchange) {
    return new NetworkId(exchange.pathParam("id"));
  }

  private static PortId portId(Exchange exchange) {
    return new PortId(exchange.pathParam("id"));
  }
}
