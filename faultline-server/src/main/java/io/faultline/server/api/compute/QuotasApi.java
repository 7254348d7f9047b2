package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.ComputeQuota;
import io.faultline.compute.QuotaService;
import io.faultline.error.FaultlineException;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Nova's os-quota-sets and os-quota-class-sets. */
public final class QuotasApi implements ApiModule {
  private final QuotaService quotas;

  public QuotasApi(QuotaService quotas) {
    this.quotas = requireNonNull(quotas, "quotas is null");
  }

  @Override
  public void register(Router router) {
    NovaRoutes nova = new NovaRoutes(router);
    nova.get("/limits", this::limits);
    nova.get("/os-quota-class-sets/{class_name}", this::showClass);
    nova.put("/os-quota-class-sets/{class_name}", this::updateClass);
    nova.get("/os-quota-sets/{tenant}/defaults", this::defaults);
    nova.get("/os-quota-sets/{tenant}/detail", this::detail);
    nova.get("/os-quota-sets/{tenant}", this::show);
    nova.put("/os-quota-sets/{tenant}", this::update);
    nova.delete("/os-quota-sets/{tenant}", this::delete);
  }

  private void showClass(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of());
    String name = exchange.pathParam("class_name");
    exchange.json(
        200,
        new QuotaClassSetBody(
            new QuotaSet(name, limits(quotas.showClass(exchange.credentials(), name), version))));
  }

  private void updateClass(Exchange exchange, Microversion version) {
    ObjectNode body = Json.object(exchange.jsonObject(), "quota_class_set");
    Map<ComputeQuota, Long> requested = requested(body, version, false);
    Map<ComputeQuota, Long> result =
        quotas.updateClass(exchange.credentials(), exchange.pathParam("class_name"), requested);
    exchange.json(200, new QuotaClassSetBody(new QuotaSet(null, limits(result, version))));
  }

  private void defaults(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of());
    String project = exchange.pathParam("tenant");
    exchange.json(
        200, quotaSet(project, quotas.defaults(exchange.credentials(), project), version));
  }

  private void show(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("user_id"));
    String project = exchange.pathParam("tenant");
    exchange.json(
        200,
        quotaSet(project, quotas.show(exchange.credentials(), project, userId(exchange)), version));
  }

  private void detail(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("user_id"));
    String project = exchange.pathParam("tenant");
    Map<String, QuotaUsage> usages = new LinkedHashMap<>();
    quotas
        .detail(exchange.credentials(), project, userId(exchange))
        .forEach(
            (quota, usage) -> {
              if (shown(quota, version)) {
                usages.put(quota.wireName(), new QuotaUsage(usage.inUse(), usage.limit(), 0));
              }
            });
    exchange.json(200, new QuotaSetBody(new QuotaSet(project, usages)));
  }

  private void update(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("user_id"));
    ObjectNode body = Json.object(exchange.jsonObject(), "quota_set");
    boolean force = Json.optionalBoolean(body, "force", "quota_set.force").orElse(false);
    Map<ComputeQuota, Long> requested = requested(body, version, true);
    Map<ComputeQuota, Long> result =
        quotas.update(
            exchange.credentials(),
            exchange.pathParam("tenant"),
            userId(exchange),
            requested,
            force);
    exchange.json(200, new QuotaSetBody(new QuotaSet(null, limits(result, version))));
  }

  private void delete(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("user_id"));
    quotas.delete(exchange.credentials(), exchange.pathParam("tenant"), userId(exchange));
    exchange.status(202);
  }

  /**
   * Nova's {@code GET /limits}: the project's absolute limits and what it uses (Nova's {@code
   * views/limits.py}); the network proxies go at 2.36, image metadata at 2.39. Faultline has no
   * rate limits.
   */
  private void limits(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("tenant_id"));
    Map<ComputeQuota, QuotaService.Usage> usage =
        quotas.limits(exchange.credentials(), nonBlank(exchange, "tenant_id"));
    Map<String, Long> absolute = new LinkedHashMap<>();
    absolute.put("maxServerMeta", usage.get(ComputeQuota.METADATA_ITEMS).limit());
    if (!version.atLeast(39)) {
      absolute.put("maxImageMeta", usage.get(ComputeQuota.METADATA_ITEMS).limit());
    }
    // Nova drops these at 2.57, past the newest microversion Faultline serves.
    absolute.put("maxPersonality", usage.get(ComputeQuota.INJECTED_FILES).limit());
    absolute.put("maxPersonalitySize", usage.get(ComputeQuota.INJECTED_FILE_CONTENT_BYTES).limit());
    absolute.put("maxTotalKeypairs", usage.get(ComputeQuota.KEY_PAIRS).limit());
    if (!version.atLeast(ComputeQuota.NETWORK_PROXY_REMOVED_AT)) {
      absolute.put("maxSecurityGroups", usage.get(ComputeQuota.SECURITY_GROUPS).limit());
      absolute.put("maxSecurityGroupRules", usage.get(ComputeQuota.SECURITY_GROUP_RULES).limit());
      absolute.put("maxTotalFloatingIps", usage.get(ComputeQuota.FLOATING_IPS).limit());
      absolute.put("totalSecurityGroupsUsed", usage.get(ComputeQuota.SECURITY_GROUPS).inUse());
      absolute.put("totalFloatingIpsUsed", usage.get(ComputeQuota.FLOATING_IPS).inUse());
    }
    absolute.put("maxServerGroups", usage.get(ComputeQuota.SERVER_GROUPS).limit());
    absolute.put("maxServerGroupMembers", usage.get(ComputeQuota.SERVER_GROUP_MEMBERS).limit());
    absolute.put("maxTotalCores", usage.get(ComputeQuota.CORES).limit());
    absolute.put("maxTotalInstances", usage.get(ComputeQuota.INSTANCES).limit());
    absolute.put("maxTotalRAMSize", usage.get(ComputeQuota.RAM).limit());
    absolute.put("totalCoresUsed", usage.get(ComputeQuota.CORES).inUse());
    absolute.put("totalInstancesUsed", usage.get(ComputeQuota.INSTANCES).inUse());
    absolute.put("totalRAMUsed", usage.get(ComputeQuota.RAM).inUse());
    absolute.put("totalServerGroupsUsed", usage.get(ComputeQuota.SERVER_GROUPS).inUse());
    exchange.json(200, new LimitsBody(new Limits(absolute, List.of())));
  }

  record Limits(Map<String, Long> absolute, List<Object> rate) {}

  record LimitsBody(Limits limits) {}

  private static Optional<String> userId(Exchange exchange) {
    return nonBlank(exchange, "user_id");
  }

  /** A query parameter that, when given, must not be blank (a 400 naming it). */
  private static Optional<String> nonBlank(Exchange exchange, String name) {
    Optional<String> value = exchange.query(name);
    if (value.isPresent() && value.get().isBlank()) {
      throw FaultlineException.badRequest(name + " must not be empty");
    }
    return value;
  }

  /**
   * A quota set: its project or class ({@code id}, absent in the answer to an update), then one key
   * a quota, by Nova's name, as the microversion shows them.
   */
  record QuotaSet(@JsonInclude(Include.NON_NULL) String id, @JsonAnyGetter Map<String, ?> quotas) {}

  record QuotaSetBody(@JsonProperty("quota_set") QuotaSet quotaSet) {}

  record QuotaClassSetBody(@JsonProperty("quota_class_set") QuotaSet quotaClassSet) {}

  /** A quota's use in {@code /detail}; nothing is ever reserved. */
  record QuotaUsage(@JsonProperty("in_use") long inUse, long limit, long reserved) {}

  private static QuotaSetBody quotaSet(
      String project, Map<ComputeQuota, Long> limits, Microversion version) {
    return new QuotaSetBody(new QuotaSet(project, limits(limits, version)));
  }

  /** The limits shown at the microversion, keyed by Nova's names in the quotas' order. */
  private static Map<String, Long> limits(Map<ComputeQuota, Long> limits, Microversion version) {
    Map<String, Long> body = new LinkedHashMap<>();
    limits.forEach(
        (quota, limit) -> {
          if (shown(quota, version)) {
            body.put(quota.wireName(), limit);
          }
        });
    return body;
  }

  private static boolean shown(ComputeQuota quota, Microversion version) {
    return !quota.networkProxy() || !version.atLeast(ComputeQuota.NETWORK_PROXY_REMOVED_AT);
  }

  /** Nova's schema: known resources (and {@code force} on a quota set), integers of -1 or more. */
  private static Map<ComputeQuota, Long> requested(
      ObjectNode body, Microversion version, boolean quotaSet) {
    Map<ComputeQuota, Long> requested = new EnumMap<>(ComputeQuota.class);
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      String name = field.getKey();
      if (quotaSet && name.equals("force")) {
        continue;
      }
      ComputeQuota quota =
          ComputeQuota.fromWire(name)
              .filter(q -> shown(q, version))
              .orElseThrow(
                  () ->
                      FaultlineException.badRequest(
                          "Additional properties are not allowed ('" + name + "' was unexpected)"));
      requested.put(quota, integer(name, field.getValue()));
    }
    return requested;
  }

  private static long integer(String name, JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText().trim());
      } catch (NumberFormatException e) {
        // Falls through to the 400 below.
      }
    }
    throw FaultlineException.badRequest(
        "Invalid input for field/attribute "
            + name
            + ". Value: "
            + value
            + ". "
            + value
            + " is not of type 'integer', 'string'");
  }
}
