package io.faultline.server.api.compute;

import static io.faultline.server.api.compute.NovaApi.allowOnly;
import static io.faultline.server.api.compute.NovaApi.computeBase;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.ComputePolicies;
import io.faultline.compute.CreateServer;
import io.faultline.compute.InstanceAction;
import io.faultline.compute.InstanceFilter;
import io.faultline.compute.InstanceId;
import io.faultline.compute.ServerActions;
import io.faultline.compute.ServerQuery;
import io.faultline.compute.ServerService;
import io.faultline.compute.ServerView;
import io.faultline.compute.VmState;
import io.faultline.error.FaultlineException;
import io.faultline.paging.Page;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.server.api.compute.ComputeRepresentations.InstanceActionRepresentation;
import io.faultline.server.api.compute.ServerRepresentations.SecurityGroup;
import io.faultline.server.api.compute.ServerRepresentations.ServerBody;
import io.faultline.server.api.compute.ServerRepresentations.ServerBrief;
import io.faultline.server.api.compute.ServerRepresentations.ServerDetail;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.PageLinks;
import io.faultline.server.http.Router;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Nova servers: create, list, detail, show, delete, actions (reset-state, evacuate). */
public final class ServersApi implements ApiModule {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServerService servers;
  private final Policy policy;
  private final ServerActionsApi actions;
  private final int maxPage;

  /**
   * @param maxPage the largest page of a server list, and its size when the client gives no limit
   */
  public ServersApi(
      ServerService servers, ServerActions serverActions, Policy policy, int maxPage) {
    this.servers = requireNonNull(servers, "servers is null");
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
    this.policy = requireNonNull(policy, "policy is null");
    this.actions =
        new ServerActionsApi(requireNonNull(serverActions, "serverActions is null"), this);
  }

  @Override
  public void register(Router router) {
    NovaRoutes nova = new NovaRoutes(router);
    nova.get("/servers", (e, v) -> list(e, v, false));
    nova.get("/servers/detail", (e, v) -> list(e, v, true));
    nova.post("/servers", this::create);
    nova.get("/servers/{server_id}", this::show);
    nova.delete("/servers/{server_id}", this::delete);
    nova.post("/servers/{server_id}/action", this::action);
    nova.get("/servers/{server_id}/os-instance-actions", this::actions);
    nova.get("/servers/{server_id}/os-instance-actions/{request_id}", this::showAction);
    actions.register(nova);
  }

  private void create(Exchange exchange, Microversion version) {
    JsonNode request = exchange.jsonObject();
    ObjectNode server = Json.object(request, "server");
    String name = Json.requiredString(server, "name", "server.name");
    String flavorRef = reference(server, "flavorRef");
    String imageRef = reference(server, "imageRef");
    Optional<String> forcedHost =
        Json.optionalString(server, "host", "server.host")
            .or(
                () ->
                    forcedHost(
                        Json.optionalString(
                            server, "availability_zone", "server.availability_zone")));
    Optional<String> adminPass = Json.optionalString(server, "adminPass", "server.adminPass");
    List<String> securityGroups = securityGroups(server);
    ServerView view =
        servers.create(
            exchange.credentials(),
            new CreateServer(
                name,
                flavorRef,
                imageRef,
                forcedHost,
                networks(server),
                ServerRequests.details(server, version),
                group(request),
                securityGroups));
    String id = view.instance().id().value();
    exchange.json(
        202,
        new CreatedServerBody(
            new CreatedServer(
                id,
                ComputeRepresentations.links(computeBase(exchange), "servers", id),
                view.details().diskConfig(),
                // As Nova answers a create: the groups asked for, else the default one.
                securityGroups.isEmpty()
                    ? SecurityGroup.DEFAULT
                    : securityGroups.stream().map(SecurityGroup::new).toList(),
                adminPass.orElseGet(ServersApi::password))));
  }

  /**
   * The scheduler hint {@code group} (a server group's id), from {@code os:scheduler_hints} or its
   * older spelling {@code OS-SCH-HNT:scheduler_hints}; other hints are ignored, as Nova's filters
   * that Faultline has not would ignore them.
   */
  private static Optional<String> group(JsonNode request) {
    for (String field : List.of("os:scheduler_hints", "OS-SCH-HNT:scheduler_hints")) {
      Optional<ObjectNode> hints = Json.optionalObject(request, field);
      if (hints.isPresent()) {
        Optional<String> group = Json.optionalString(hints.get(), "group", field + ".group");
        group.ifPresent(
            id -> {
              try {
                UUID.fromString(id);
              } catch (IllegalArgumentException e) {
                throw FaultlineException.badRequest(
                    "Invalid input for field/attribute group. Value: " + id + ". Not a UUID");
              }
            });
        return group;
      }
    }
    return Optional.empty();
  }

  /** The names (or ids) in {@code security_groups: [{"name": ...}]}; none means the default. */
  private static List<String> securityGroups(JsonNode server) {
    JsonNode groups = server.get("security_groups");
    if (groups == null || groups.isNull()) {
      return List.of();
    }
    if (!groups.isArray()) {
      throw FaultlineException.badRequest(
          "server.security_groups must be a list of {\"name\": GROUP}, not "
              + Json.describe(groups));
    }
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode group : groups) {
      if (!group.isObject()) {
        throw FaultlineException.badRequest(
            "server.security_groups[] must be objects like {\"name\": GROUP}, not "
                + Json.describe(group));
      }
      String name = Json.requiredString(group, "name", "server.security_groups[].name");
      if (name.isBlank() || name.length() > 255) {
        throw FaultlineException.badRequest(
            "server.security_groups[].name must be 1 to 255 characters, not blank");
      }
      names.add(name);
    }
    return names;
  }

  /**
   * {@code networks}: absent, {@code "auto"} or {@code "none"} (2.37+) give no port here; a list of
   * {@code {"uuid": NETWORK_ID}} gives one port per entry. Pre-created ports ({@code port}) and
   * fixed addresses are not supported.
   */
  private static List<String> networks(JsonNode server) {
    JsonNode networks = server.get("networks");
    if (networks == null
        || networks.isNull()
        || (networks.isTextual()
            && (networks.asText().equals("auto") || networks.asText().equals("none")))) {
      return List.of();
    }
    if (!networks.isArray()) {
      throw FaultlineException.badRequest(
          "server.networks must be \"auto\", \"none\" or a list of {\"uuid\": NETWORK_ID}, not "
              + Json.describe(networks));
    }
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode network : networks) {
      if (!network.isObject()) {
        throw FaultlineException.badRequest(
            "server.networks[] must be objects like {\"uuid\": NETWORK_ID}, not "
                + Json.describe(network));
      }
      if (network.has("port")) {
        throw FaultlineException.badRequest(
            "server.networks[].port is not supported: give {\"uuid\": NETWORK_ID}");
      }
      String uuid = Json.requiredString(network, "uuid", "server.networks[].uuid");
      if (uuid.isBlank()) {
        throw FaultlineException.badRequest("server.networks[].uuid must not be blank");
      }
      ids.add(uuid);
    }
    return ids;
  }

  /** Nova accepts a flavor/image id or a URL ending in it. */
  private static String reference(JsonNode server, String field) {
    String value = Json.requiredString(server, field, "server." + field);
    int slash = value.lastIndexOf('/');
    return slash >= 0 ? value.substring(slash + 1) : value;
  }

  /** {@code nova:HOST} (or {@code zone:HOST:node}) forces a host; a bare zone does not. */
  private static Optional<String> forcedHost(Optional<String> zone) {
    return zone.flatMap(
        value -> {
          String[] parts = value.split(":", -1);
          return parts.length >= 2 && !parts[1].isEmpty()
              ? Optional.of(parts[1])
              : Optional.empty();
        });
  }

  private void list(Exchange exchange, Microversion version, boolean detail) {
    Credentials credentials = exchange.credentials();
    boolean allTenants = booleanQuery(exchange, "all_tenants");
    Optional<Set<VmState>> states = exchange.query("status").map(ServerRepresentations::statesFor);
    Optional<Set<VmState>> vmStates = ServerRequests.vmStates(exchange);
    if (vmStates.isPresent()) {
      states = Optional.of(intersection(states, vmStates.get()));
    }
    Optional<String> project = exchange.query("project_id").or(() -> exchange.query("tenant_id"));
    boolean otherZone =
        exchange.query("availability_zone").filter(z -> !z.equals("nova")).isPresent();
    if (otherZone) {
      // Every host is in zone "nova": another zone has no servers.
      states = Optional.of(Set.of());
    }
    InstanceFilter filter =
        new InstanceFilter(
            allTenants ? project : Optional.empty(),
            exchange.query("host").or(() -> exchange.query("node")),
            states,
            exchange.query("name"));
    ServerQuery query = ServerRequests.listQuery(exchange, filter, maxPage);
    Page<ServerView> page = servers.page(credentials, query, allTenants);
    String base = computeBase(exchange);
    List<?> bodies =
        detail
            ? page.items().stream()
                .map(view -> ServerDetail.from(view, visibility(credentials, view), version, base))
                .toList()
            : page.items().stream().map(view -> ServerBrief.from(view.instance(), base)).toList();
    exchange.json(
        200,
        new ServerList(
            bodies,
            page.more()
                ? List.of(PageLinks.next(exchange, page.last().instance().id().value()))
                : null));
  }

  private static Set<VmState> intersection(Optional<Set<VmState>> states, Set<VmState> more) {
    Set<VmState> result = java.util.EnumSet.noneOf(VmState.class);
    result.addAll(more);
    states.ifPresent(result::retainAll);
    return result;
  }

  /**
   * A flag such as all_tenants, read as Nova reads it: a strict boolean, an empty value meaning
   * true, absent false.
   */
  static boolean booleanQuery(Exchange exchange, String name) {
    Optional<String> value = exchange.query(name);
    if (value.isEmpty()) {
      return false;
    }
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "", "1", "t", "true", "on", "y", "yes" -> true;
      case "0", "f", "false", "off", "n", "no" -> false;
      default ->
          throw FaultlineException.badRequest(
              "Invalid value '" + value.get() + "' for " + name + ": expected a boolean");
    };
  }

  private void show(Exchange exchange, Microversion version) {
    ServerView view = servers.show(exchange.credentials(), serverId(exchange));
    exchange.json(
        200,
        new ServerBody(
            ServerDetail.from(
                view, visibility(exchange.credentials(), view), version, computeBase(exchange))));
  }

  private void delete(Exchange exchange, Microversion version) {
    servers.delete(exchange.credentials(), serverId(exchange));
    exchange.noContent();
  }

  private void action(Exchange exchange, Microversion version) {
    InstanceId id = serverId(exchange);
    ObjectNode body = exchange.jsonObject();
    if (body.size() != 1) {
      throw FaultlineException.badRequest("Request body must name exactly one action");
    }
    String action = body.fieldNames().next();
    switch (action) {
      case "os-resetState" -> {
        ObjectNode reset = Json.object(body, action);
        allowOnly(reset, Set.of("state"));
        String state = Json.requiredString(reset, "state", "os-resetState.state");
        if (!state.equals("active") && !state.equals("error")) {
          throw FaultlineException.badRequest(
              "'os-resetState.state' must be 'active' or 'error', not '" + state + "'");
        }
        servers.resetState(exchange.credentials(), id, VmState.fromWire(state));
        exchange.status(202);
      }
      case "evacuate" -> evacuate(exchange, version, id, Json.object(body, action));
      default -> actions.action(exchange, version, id, action, body);
    }
  }

  /** The body keys allowed depend on the microversion (Nova's schemas/evacuate.py). */
  private void evacuate(Exchange exchange, Microversion version, InstanceId id, ObjectNode body) {
    Set<String> keys = new HashSet<>(Set.of("host", "adminPass"));
    if (!version.atLeast(14)) {
      keys.add("onSharedStorage");
    }
    if (version.atLeast(29)) {
      keys.add("force");
    }
    allowOnly(body, keys);
    Optional<String> host = Json.optionalString(body, "host", "evacuate.host");
    Optional<String> adminPass = Json.optionalString(body, "adminPass", "evacuate.adminPass");
    if (!version.atLeast(14)) {
      boolean shared =
          Json.optionalBoolean(body, "onSharedStorage", "evacuate.onSharedStorage")
              .orElseThrow(
                  () -> FaultlineException.badRequest("'onSharedStorage' is a required property"));
      if (shared && adminPass.isPresent()) {
        throw FaultlineException.badRequest("admin password can't be changed on existing disk");
      }
    }
    if (version.atLeast(29)
        && Json.optionalBoolean(body, "force", "evacuate.force").orElse(false)
        && host.isEmpty()) {
      throw FaultlineException.badRequest("Can't force to a non-provided destination");
    }
    servers.evacuate(exchange.credentials(), id, host);
    if (version.atLeast(14)) {
      exchange.status(200);
    } else {
      exchange.json(200, new EvacuateReply(adminPass.orElseGet(ServersApi::password)));
    }
  }

  private void actions(Exchange exchange, Microversion version) {
    List<InstanceActionRepresentation> actions =
        servers.actions(exchange.credentials(), serverId(exchange)).stream()
            .map(InstanceActionRepresentation::listed)
            .toList();
    exchange.json(200, new InstanceActionList(actions));
  }

  private void showAction(Exchange exchange, Microversion version) {
    InstanceAction action =
        servers.action(
            exchange.credentials(), serverId(exchange), exchange.pathParam("request_id"));
    exchange.json(200, new InstanceActionBody(InstanceActionRepresentation.shown(action)));
  }

  /** What a create answers at once: the id, the links and the password, not the detail. */
  record CreatedServer(
      String id,
      List<ComputeRepresentations.Link> links,
      @JsonProperty("OS-DCF:diskConfig") String diskConfig,
      @JsonProperty("security_groups") List<SecurityGroup> securityGroups,
      String adminPass) {}

  record CreatedServerBody(CreatedServer server) {}

  record ServerList(
      List<?> servers,
      @JsonProperty("servers_links") @JsonInclude(Include.NON_NULL)
          List<PageLinks.Link> serversLinks) {}

  record EvacuateReply(String adminPass) {}

  record InstanceActionList(List<InstanceActionRepresentation> instanceActions) {}

  record InstanceActionBody(InstanceActionRepresentation instanceAction) {}

  ServerRepresentations.Visibility visibility(Credentials credentials, ServerView view) {
    Map<String, String> target = Map.of("project_id", view.instance().projectId());
    return new ServerRepresentations.Visibility(
        policy.allows(ComputePolicies.EXTENDED_SERVER_ATTRIBUTES, credentials, target),
        policy.allows(ComputePolicies.SERVERS_SHOW_HOST_STATUS, credentials, target));
  }

  static InstanceId serverId(Exchange exchange) {
    return new InstanceId(exchange.pathParam("server_id"));
  }

  static String password() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
