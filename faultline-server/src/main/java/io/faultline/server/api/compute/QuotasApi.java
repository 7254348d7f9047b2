package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

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
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", name);
    body.putAll(limits(quotas.showClass(exchange.credentials(), name), version));
    exchange.json(200, Map.of("quota_class_set", body));
  }

  private void updateClass(Exchange exchange, Microversion version) {
    ObjectNode body = Json.object(exchange.jsonObject(), "quota_class_set");
    Map<ComputeQuota, Long> requested = requested(body, version, false);
    Map<ComputeQuota, Long> result =
        quotas.updateClass(exchange.credentials(), exchange.pathParam("class_name"), requested);
    exchange.json(200, Map.of("quota_class_set", limits(result, version)));
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
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", project);
    quotas
        .detail(exchange.credentials(), project, userId(exchange))
        .forEach(
            (quota, usage) -> {
              if (shown(quota, version)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("in_use", usage.inUse());
                item.put("limit", usage.limit());
                item.put("reserved", 0);
                body.put(quota.wireName(), item);
              }
            });
    exchange.json(200, Map.of("quota_set", body));
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
    exchange.json(200, Map.of("quota_set", limits(result, version)));
  }

  private void delete(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("user_id"));
    quotas.delete(exchange.credentials(), exchange.pathParam("tenant"), userId(exchange));
    exchange.status(202);
  }

  private static Optional<String> userId(Exchange exchange) {
    Optional<String> user = exchange.query("user_id");
    if (user.isPresent() && user.get().isBlank()) {
      throw FaultlineException.badRequest("user_id must not be empty");
    }
    return user;
  }

  private static Map<String, Object> quotaSet(
      String project, Map<ComputeQuota, Long> limits, Microversion version) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", project);
    body.putAll(limits(limits, version));
    return Map.of("quota_set", body);
  }

  private static Map<String, Object> limits(Map<ComputeQuota, Long> limits, Microversion version) {
    Map<String, Object> body = new LinkedHashMap<>();
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
