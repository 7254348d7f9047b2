package io.faultline.server.api.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.network.SecurityGroup;
import io.faultline.network.SecurityGroupId;
import io.faultline.network.SecurityGroupRule;
import io.faultline.network.SecurityGroupRuleCreate;
import io.faultline.network.SecurityGroupService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.PageLinks;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Neutron v2.0 security groups and security group rules: kept and shown as Neutron does, for the
 * clients and templates that manage them; Faultline filters no traffic.
 */
public final class SecurityGroupsApi implements ApiModule {
  private static final Set<String> GROUP_CREATE =
      Set.of("name", "description", "stateful", "project_id", "tenant_id", "tags");
  private static final Set<String> GROUP_UPDATE = Set.of("name", "description", "stateful");
  private static final Set<String> RULE_CREATE =
      Set.of(
          "security_group_id",
          "direction",
          "ethertype",
          "protocol",
          "port_range_min",
          "port_range_max",
          "remote_ip_prefix",
          "remote_group_id",
          "remote_address_group_id",
          "description",
          "project_id",
          "tenant_id");
  static final Set<String> GROUP_FILTERS =
      Set.of(
          "id",
          "name",
          "description",
          "project_id",
          "tenant_id",
          "stateful",
          "shared",
          "revision_number");
  static final Set<String> RULE_FILTERS =
      Set.of(
          "id",
          "security_group_id",
          "direction",
          "ethertype",
          "protocol",
          "port_range_min",
          "port_range_max",
          "remote_ip_prefix",
          "remote_group_id",
          "description",
          "project_id",
          "tenant_id",
          "revision_number");

  private final SecurityGroupService groups;
  private final boolean filterValidation;
  private final int maxPage;

  public SecurityGroupsApi(SecurityGroupService groups, boolean filterValidation, int maxPage) {
    this.groups = requireNonNull(groups, "groups is null");
    this.filterValidation = filterValidation;
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
  }

  /** A security group on the wire (Neutron's attribute names). */
  record GroupRepresentation(
      String id,
      String name,
      String description,
      boolean stateful,
      boolean shared,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("security_group_rules") List<RuleRepresentation> rules,
      List<String> tags,
      @JsonProperty("revision_number") long revisionNumber,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {
    static GroupRepresentation from(SecurityGroup group) {
      return new GroupRepresentation(
          group.id().value(),
          group.name(),
          group.description(),
          true,
          false,
          group.projectId(),
          group.projectId(),
          group.rules().stream().map(RuleRepresentation::from).toList(),
          List.of(),
          group.revisionNumber(),
          seconds(group.createdAt()),
          seconds(group.updatedAt()));
    }
  }

  /** A security group rule on the wire; absent values are JSON nulls, as Neutron shows them. */
  record RuleRepresentation(
      String id,
      @JsonProperty("security_group_id") String securityGroupId,
      String direction,
      String ethertype,
      String protocol,
      @JsonProperty("port_range_min") Integer portRangeMin,
      @JsonProperty("port_range_max") Integer portRangeMax,
      @JsonProperty("remote_ip_prefix") String remoteIpPrefix,
      @JsonProperty("remote_group_id") String remoteGroupId,
      @JsonProperty("remote_address_group_id") String remoteAddressGroupId,
      String description,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("project_id") String projectId,
      List<String> tags,
      @JsonProperty("revision_number") long revisionNumber,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt) {
    static RuleRepresentation from(SecurityGroupRule rule) {
      return new RuleRepresentation(
          rule.id(),
          rule.securityGroupId().value(),
          rule.direction().wireName(),
          rule.ethertype().wireName(),
          rule.protocol().orElse(null),
          rule.portRangeMin().orElse(null),
          rule.portRangeMax().orElse(null),
          rule.remoteIpPrefix().orElse(null),
          rule.remoteGroupId().map(SecurityGroupId::value).orElse(null),
          null,
          rule.description(),
          rule.projectId(),
          rule.projectId(),
          List.of(),
          rule.revisionNumber(),
          seconds(rule.createdAt()),
          seconds(rule.updatedAt()));
    }
  }

  private static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void register(Router router) {
    router.get(Service.NETWORK, "/v2.0/security-groups", this::list);
    router.post(Service.NETWORK, "/v2.0/security-groups", this::create);
    router.get(Service.NETWORK, "/v2.0/security-groups/{id}", this::show);
    router.put(Service.NETWORK, "/v2.0/security-groups/{id}", this::update);
    router.delete(Service.NETWORK, "/v2.0/security-groups/{id}", this::delete);
    router.get(Service.NETWORK, "/v2.0/security-group-rules", this::listRules);
    router.post(Service.NETWORK, "/v2.0/security-group-rules", this::createRule);
    router.get(Service.NETWORK, "/v2.0/security-group-rules/{id}", this::showRule);
    router.delete(Service.NETWORK, "/v2.0/security-group-rules/{id}", this::deleteRule);
  }

  record GroupBody(@JsonProperty("security_group") Object group) {}

  record GroupList(
      @JsonProperty("security_groups") List<?> groups,
      @JsonProperty("security_groups_links") @JsonInclude(Include.NON_NULL)
          List<PageLinks.Link> links) {}

  record RuleBody(@JsonProperty("security_group_rule") Object rule) {}

  record RuleList(
      @JsonProperty("security_group_rules") List<?> rules,
      @JsonProperty("security_group_rules_links") @JsonInclude(Include.NON_NULL)
          List<PageLinks.Link> links) {}

  private void list(Exchange exchange) {
    ListQueries.Listing listing =
        ListQueries.listing(
            exchange,
            groups.list(exchange.credentials()).stream().map(GroupRepresentation::from).toList(),
            GROUP_FILTERS,
            "security_groups",
            filterValidation,
            maxPage);
    exchange.json(200, new GroupList(listing.items(), listing.links()));
  }

  private void listRules(Exchange exchange) {
    ListQueries.Listing listing =
        ListQueries.listing(
            exchange,
            groups.listRules(exchange.credentials()).stream()
                .map(RuleRepresentation::from)
                .toList(),
            RULE_FILTERS,
            "security_group_rules",
            filterValidation,
            maxPage);
    exchange.json(200, new RuleList(listing.items(), listing.links()));
  }

  private void create(Exchange exchange) {
    ObjectNode group = Json.object(exchange.jsonObject(), "security_group");
    PortRequests.checkKnown(group, GROUP_CREATE, "POST");
    checkStateful(group);
    SecurityGroup created =
        groups.create(
            exchange.credentials(),
            PortRequests.project(group),
            string(group, "security_group", "name").orElse(""),
            string(group, "security_group", "description").orElse(""));
    exchange.json(201, new GroupBody(GroupRepresentation.from(created)));
  }

  private void show(Exchange exchange) {
    SecurityGroup group =
        groups.get(exchange.credentials(), new SecurityGroupId(exchange.pathParam("id")));
    exchange.json(
        200,
        new GroupBody(
            NeutronRepresentations.select(
                GroupRepresentation.from(group), exchange.queryAll("fields"))));
  }

  private void update(Exchange exchange) {
    ObjectNode group = Json.object(exchange.jsonObject(), "security_group");
    PortRequests.checkKnown(group, GROUP_UPDATE, "PUT");
    checkStateful(group);
    SecurityGroup updated =
        groups.update(
            exchange.credentials(),
            new SecurityGroupId(exchange.pathParam("id")),
            string(group, "security_group", "name"),
            string(group, "security_group", "description"));
    exchange.json(200, new GroupBody(GroupRepresentation.from(updated)));
  }

  private void delete(Exchange exchange) {
    groups.delete(exchange.credentials(), new SecurityGroupId(exchange.pathParam("id")));
    exchange.noContent();
  }

  private void createRule(Exchange exchange) {
    ObjectNode rule = Json.object(exchange.jsonObject(), "security_group_rule");
    PortRequests.checkKnown(rule, RULE_CREATE, "POST");
    JsonNode addressGroup = rule.get("remote_address_group_id");
    if (addressGroup != null && !addressGroup.isNull()) {
      throw FaultlineException.badRequest(
          "Invalid input: remote address groups are not supported; remote_address_group_id must"
              + " be null.");
    }
    SecurityGroupRule created =
        groups.createRule(
            exchange.credentials(),
            new SecurityGroupRuleCreate(
                PortRequests.project(rule),
                new SecurityGroupId(
                    PortRequests.required(rule, "security_group_rule", "security_group_id")),
                PortRequests.required(rule, "security_group_rule", "direction"),
                string(rule, "security_group_rule", "ethertype"),
                protocol(rule),
                port(rule, "port_range_min"),
                port(rule, "port_range_max"),
                string(rule, "security_group_rule", "remote_ip_prefix"),
                string(rule, "security_group_rule", "remote_group_id").map(SecurityGroupId::new),
                string(rule, "security_group_rule", "description").orElse("")));
    exchange.json(201, new RuleBody(RuleRepresentation.from(created)));
  }

  private void showRule(Exchange exchange) {
    SecurityGroupRule rule = groups.getRule(exchange.credentials(), exchange.pathParam("id"));
    exchange.json(
        200,
        new RuleBody(
            NeutronRepresentations.select(
                RuleRepresentation.from(rule), exchange.queryAll("fields"))));
  }

  private void deleteRule(Exchange exchange) {
    groups.deleteRule(exchange.credentials(), exchange.pathParam("id"));
    exchange.noContent();
  }

  /** Only stateful groups exist here: {@code "stateful": false} is refused, not ignored. */
  private static void checkStateful(ObjectNode group) {
    if (!Json.optionalBoolean(group, "stateful", "security_group.stateful").orElse(true)) {
      throw FaultlineException.badRequest(
          "Invalid input: stateless security groups are not supported.");
    }
  }

  private static Optional<String> string(ObjectNode node, String resource, String field) {
    return Json.optionalString(node, field, resource + "." + field);
  }

  /** A protocol name, or its number as a JSON number or text. */
  private static Optional<String> protocol(ObjectNode rule) {
    JsonNode value = rule.get("protocol");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return Optional.of(String.valueOf(value.asInt()));
    }
    return string(rule, "security_group_rule", "protocol");
  }

  /** A port (or ICMP type or code) as a JSON number or numeric text, as Neutron converts it. */
  private static Optional<Integer> port(ObjectNode rule, String field) {
    JsonNode value = rule.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return Optional.of(value.asInt());
    }
    Function<String, FaultlineException> notInteger =
        text ->
            FaultlineException.badRequest(
                "Invalid input for " + field + ". Reason: '" + text + "' is not an integer.");
    if (!value.isTextual() || !value.asText().matches("-?[0-9]{1,9}")) {
      throw notInteger.apply(value.isTextual() ? value.asText() : Json.describe(value));
    }
    return Optional.of(Integer.parseInt(value.asText()));
  }
}
