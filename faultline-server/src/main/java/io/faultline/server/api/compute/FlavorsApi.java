package io.faultline.server.api.compute;

import static io.faultline.server.api.compute.NovaApi.computeBase;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.Flavor;
import io.faultline.compute.FlavorId;
import io.faultline.compute.FlavorService;
import io.faultline.compute.FlavorSpec;
import io.faultline.error.FaultlineException;
import io.faultline.server.api.compute.ComputeRepresentations.FlavorBody;
import io.faultline.server.api.compute.ComputeRepresentations.FlavorRepresentation;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Nova's flavors: list, show, create, delete, extra specs and private flavors' access. */
public final class FlavorsApi implements ApiModule {
  private static final Set<String> LIST_PARAMETERS =
      Set.of("is_public", "minRam", "minDisk", "limit", "marker");
  private static final Set<String> CREATE =
      Set.of(
          "name",
          "id",
          "ram",
          "vcpus",
          "disk",
          "OS-FLV-EXT-DATA:ephemeral",
          "swap",
          "rxtx_factor",
          "os-flavor-access:is_public");

  private final FlavorService flavors;

  public FlavorsApi(FlavorService flavors) {
    this.flavors = requireNonNull(flavors, "flavors is null");
  }

  @Override
  public void register(Router router) {
    NovaRoutes nova = new NovaRoutes(router);
    nova.get("/flavors", (e, v) -> list(e, false));
    nova.get("/flavors/detail", (e, v) -> list(e, true));
    nova.post("/flavors", this::create);
    nova.get("/flavors/{flavor_id}", this::show);
    nova.delete("/flavors/{flavor_id}", this::delete);
    nova.get("/flavors/{flavor_id}/os-extra_specs", this::extraSpecs);
    nova.post("/flavors/{flavor_id}/os-extra_specs", this::addExtraSpecs);
    nova.get("/flavors/{flavor_id}/os-extra_specs/{key}", this::extraSpec);
    nova.put("/flavors/{flavor_id}/os-extra_specs/{key}", this::putExtraSpec);
    nova.delete("/flavors/{flavor_id}/os-extra_specs/{key}", this::deleteExtraSpec);
    nova.get("/flavors/{flavor_id}/os-flavor-access", this::access);
    nova.post("/flavors/{flavor_id}/action", this::action);
  }

  /**
   * {@code is_public}: true (the default for everyone but admins' {@code none}), false or none;
   * {@code minRam}/{@code minDisk} lower bounds; {@code limit}/{@code marker} pages.
   */
  private void list(Exchange exchange, boolean detail) {
    NovaQueries.allowOnly(exchange, LIST_PARAMETERS);
    Optional<Boolean> isPublic =
        switch (exchange.query("is_public").orElse("true").toLowerCase(Locale.ROOT)) {
          case "true", "t", "1", "yes", "y", "on" -> Optional.of(true);
          case "false", "f", "0", "no", "n", "off" -> Optional.of(false);
          case "none" -> Optional.empty();
          default ->
              throw FaultlineException.badRequest(
                  "Invalid is_public filter [" + exchange.query("is_public").orElse("") + "]");
        };
    long minRam = NovaQueries.nonNegative(exchange, "minRam").orElse(0L);
    long minDisk = NovaQueries.nonNegative(exchange, "minDisk").orElse(0L);
    List<FlavorSpec> found =
        flavors.list(exchange.credentials(), isPublic).stream()
            .filter(f -> f.flavor().memoryMb() >= minRam && f.flavor().diskGb() >= minDisk)
            .toList();
    Optional<String> marker = exchange.query("marker");
    int from = 0;
    if (marker.isPresent()) {
      from = found.stream().map(f -> f.flavor().id().value()).toList().indexOf(marker.get()) + 1;
      if (from == 0) {
        throw FaultlineException.badRequest("marker [" + marker.get() + "] not found");
      }
    }
    long limit = NovaQueries.nonNegative(exchange, "limit").orElse(Long.MAX_VALUE);
    String base = computeBase(exchange);
    List<FlavorRepresentation> bodies =
        found.stream()
            .skip(from)
            .limit(limit)
            .map(f -> FlavorRepresentation.from(f, detail, base))
            .toList();
    exchange.json(200, new FlavorList(bodies));
  }

  private void show(Exchange exchange, Microversion version) {
    FlavorSpec flavor = flavors.show(exchange.credentials(), exchange.pathParam("flavor_id"));
    exchange.json(
        200, new FlavorBody(FlavorRepresentation.from(flavor, true, computeBase(exchange))));
  }

  private void create(Exchange exchange, Microversion version) {
    ObjectNode body = Json.object(exchange.jsonObject(), "flavor");
    NovaApi.allowOnly(body, CREATE);
    String name = Json.requiredString(body, "name", "flavor.name").trim();
    if (name.isEmpty() || name.length() > 255) {
      throw FaultlineException.badRequest("flavor.name must be 1 to 255 characters, not blank");
    }
    String id =
        Optional.ofNullable(body.get("id"))
            .filter(node -> !node.isNull())
            .map(node -> Json.requiredString(body, "id", "flavor.id"))
            .orElseGet(() -> UUID.randomUUID().toString());
    if (id.isEmpty() || id.length() > 255 || !id.matches("[a-zA-Z0-9_.\\- ]+")) {
      throw FaultlineException.badRequest(
          "flavor.id must be 1 to 255 letters, digits, '_', '-', '.' or spaces, not '" + id + "'");
    }
    FlavorSpec spec =
        new FlavorSpec(
            flavorOf(body, id, name),
            integer(body, "OS-FLV-EXT-DATA:ephemeral", 0, 0),
            integer(body, "swap", 0, 0),
            rxtx(body),
            Json.optionalBoolean(body, "os-flavor-access:is_public", "flavor.is_public")
                .orElse(true),
            Map.of());
    FlavorSpec created = flavors.create(exchange.credentials(), spec);
    exchange.json(
        200, new FlavorBody(FlavorRepresentation.from(created, true, computeBase(exchange))));
  }

  private static Flavor flavorOf(ObjectNode body, String id, String name) {
    return new Flavor(
        new FlavorId(id),
        name,
        integer(body, "vcpus", 1, -1),
        integer(body, "ram", 1, -1),
        integer(body, "disk", 0, -1));
  }

  /** An integer field of at least {@code minimum}; {@code absent} -1 means required. */
  private static int integer(JsonNode body, String field, int minimum, int absent) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      if (absent < 0) {
        throw FaultlineException.badRequest("'" + field + "' is a required property");
      }
      return absent;
    }
    long parsed;
    if (value.isIntegralNumber()) {
      parsed = value.asLong();
    } else if (value.isTextual() && value.asText().matches("-?\\d{1,10}")) {
      parsed = Long.parseLong(value.asText());
    } else {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute " + field + ". Value: " + value + ". not an integer");
    }
    if (parsed < minimum || parsed > Integer.MAX_VALUE) {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute "
              + field
              + ". Value: "
              + parsed
              + ". "
              + parsed
              + " is less than the minimum of "
              + minimum);
    }
    return (int) parsed;
  }

  private static double rxtx(JsonNode body) {
    JsonNode value = body.get("rxtx_factor");
    if (value == null || value.isNull()) {
      return 1.0;
    }
    if (!value.isNumber() || value.asDouble() <= 0) {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute rxtx_factor. Value: " + value + ". must be positive");
    }
    return value.asDouble();
  }

  private void delete(Exchange exchange, Microversion version) {
    flavors.delete(exchange.credentials(), exchange.pathParam("flavor_id"));
    exchange.status(202);
  }

  private void extraSpecs(Exchange exchange, Microversion version) {
    FlavorSpec flavor = flavors.show(exchange.credentials(), exchange.pathParam("flavor_id"));
    exchange.json(200, new ExtraSpecsBody(flavor.extraSpecs()));
  }

  private void extraSpec(Exchange exchange, Microversion version) {
    FlavorSpec flavor = flavors.show(exchange.credentials(), exchange.pathParam("flavor_id"));
    String key = exchange.pathParam("key");
    String value = flavor.extraSpecs().get(key);
    if (value == null) {
      throw FaultlineException.notFound(
          "Flavor " + flavor.flavor().id().value() + " has no extra specs with key " + key + ".");
    }
    exchange.json(200, Map.of(key, value));
  }

  private void addExtraSpecs(Exchange exchange, Microversion version) {
    ObjectNode body = exchange.jsonObject();
    NovaApi.allowOnly(body, Set.of("extra_specs"));
    Map<String, String> specs =
        ServerRequests.metadata(body, "extra_specs")
            .orElseThrow(
                () -> FaultlineException.badRequest("'extra_specs' is a required property"));
    Map<String, String> set =
        flavors.setExtraSpecs(exchange.credentials(), exchange.pathParam("flavor_id"), specs);
    exchange.json(200, new ExtraSpecsBody(set));
  }

  private void putExtraSpec(Exchange exchange, Microversion version) {
    String key = exchange.pathParam("key");
    ObjectNode body = exchange.jsonObject();
    Map<String, String> spec =
        ServerRequests.metadata(exchange.mapper().createObjectNode().set("spec", body), "spec")
            .orElseThrow();
    if (spec.size() != 1) {
      throw FaultlineException.badRequest("Request body contains too many items");
    }
    if (!spec.containsKey(key)) {
      throw FaultlineException.badRequest("Request body and URI mismatch");
    }
    flavors.setExtraSpecs(exchange.credentials(), exchange.pathParam("flavor_id"), spec);
    exchange.json(200, spec);
  }

  private void deleteExtraSpec(Exchange exchange, Microversion version) {
    flavors.deleteExtraSpec(
        exchange.credentials(), exchange.pathParam("flavor_id"), exchange.pathParam("key"));
    exchange.status(202);
  }

  private void access(Exchange exchange, Microversion version) {
    String id = exchange.pathParam("flavor_id");
    exchange.json(200, accessList(id, flavors.access(exchange.credentials(), id)));
  }

  /** {@code addTenantAccess} and {@code removeTenantAccess}: {@code {"tenant": PROJECT_ID}}. */
  private void action(Exchange exchange, Microversion version) {
    String id = exchange.pathParam("flavor_id");
    ObjectNode body = exchange.jsonObject();
    if (body.size() != 1) {
      throw FaultlineException.badRequest("Request body must name exactly one action");
    }
    String action = body.fieldNames().next();
    boolean add =
        switch (action) {
          case "addTenantAccess" -> true;
          case "removeTenantAccess" -> false;
          default -> throw FaultlineException.badRequest("There is no such action: " + action);
        };
    ObjectNode arguments = Json.object(body, action);
    NovaApi.allowOnly(arguments, Set.of("tenant"));
    String tenant = Json.requiredString(arguments, "tenant", action + ".tenant");
    if (tenant.isBlank() || tenant.length() > 255) {
      throw FaultlineException.badRequest(action + ".tenant must be 1 to 255 characters");
    }
    exchange.json(
        200, accessList(id, flavors.changeAccess(exchange.credentials(), id, tenant, add)));
  }

  private static FlavorAccessList accessList(String id, List<String> projects) {
    return new FlavorAccessList(
        projects.stream().map(project -> new FlavorAccess(id, project)).toList());
  }

  record FlavorList(List<FlavorRepresentation> flavors) {}

  record ExtraSpecsBody(@JsonProperty("extra_specs") Map<String, String> extraSpecs) {}

  record FlavorAccess(
      @JsonProperty("flavor_id") String flavorId, @JsonProperty("tenant_id") String tenantId) {}

  record FlavorAccessList(@JsonProperty("flavor_access") List<FlavorAccess> flavorAccess) {}
}
