package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.GroupPolicy;
import io.faultline.compute.InstanceId;
import io.faultline.compute.ServerGroup;
import io.faultline.compute.ServerGroupService;
import io.faultline.error.FaultlineException;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nova's os-server-groups up to 2.63: create with one policy in {@code policies}, list ({@code
 * all_projects} for an admin, {@code limit}/{@code offset}), show, delete. Servers join a group
 * with the scheduler hint {@code group} at boot ({@link ServersApi}).
 */
public final class ServerGroupsApi implements ApiModule {
  private final ServerGroupService groups;
  private final int maxPage;

  /**
   * @param maxPage the most groups a list returns, and its size when the client gives no limit
   */
  public ServerGroupsApi(ServerGroupService groups, int maxPage) {
    this.groups = requireNonNull(groups, "groups is null");
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
  }

  /** A group as Nova shows it before 2.64; the owner from 2.13. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record GroupRepresentation(
      String id,
      String name,
      List<String> policies,
      List<String> members,
      Map<String, String> metadata,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("user_id") String userId) {
    static GroupRepresentation of(ServerGroup group, Microversion version) {
      return new GroupRepresentation(
          group.id(),
          group.name(),
          List.of(group.policy().wireName()),
          group.members().stream().map(InstanceId::value).toList(),
          Map.of(),
          version.atLeast(13) ? group.projectId() : null,
          version.atLeast(13) ? group.userId() : null);
    }
  }

  record GroupBody(@JsonProperty("server_group") GroupRepresentation serverGroup) {}

  record GroupList(@JsonProperty("server_groups") List<GroupRepresentation> serverGroups) {}

  @Override
  public void register(Router router) {
    NovaRoutes nova = new NovaRoutes(router);
    nova.get("/os-server-groups", this::list);
    nova.post("/os-server-groups", this::create);
    nova.get("/os-server-groups/{group_id}", this::show);
    nova.delete("/os-server-groups/{group_id}", this::delete);
  }

  private void list(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of("all_projects", "limit", "offset"));
    int limit =
        (int) Math.min(NovaQueries.nonNegative(exchange, "limit").orElse((long) maxPage), maxPage);
    int offset =
        (int) Math.min(NovaQueries.nonNegative(exchange, "offset").orElse(0L), Integer.MAX_VALUE);
    boolean allProjects = ServersApi.booleanQuery(exchange, "all_projects");
    List<GroupRepresentation> listed =
        groups.list(exchange.credentials(), allProjects, offset, limit).stream()
            .map(group -> GroupRepresentation.of(group, version))
            .toList();
    exchange.json(200, new GroupList(listed));
  }

  private void create(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of());
    ObjectNode body = Json.object(exchange.jsonObject(), "server_group");
    NovaApi.allowOnly(body, Set.of("name", "policies"));
    String name = Json.requiredString(body, "name", "server_group.name");
    ServerGroup group = groups.create(exchange.credentials(), name, policy(body, version));
    exchange.json(200, new GroupBody(GroupRepresentation.of(group, version)));
  }

  /** {@code policies}: a list of exactly one policy this microversion knows. */
  private static GroupPolicy policy(ObjectNode body, Microversion version) {
    JsonNode policies = body.get("policies");
    if (policies == null || policies.isNull()) {
      throw Json.missing(body, "policies", "server_group.policies");
    }
    if (!policies.isArray() || policies.size() != 1 || !policies.get(0).isTextual()) {
      throw FaultlineException.badRequest(
          "'server_group.policies' must be a list of exactly one policy name, not "
              + Json.describe(policies));
    }
    String name = policies.get(0).asText();
    return GroupPolicy.fromWire(name)
        .filter(p -> version.atLeast(p.sinceMicroversion()))
        .orElseThrow(
            () ->
                FaultlineException.badRequest(
                    "Invalid server_group.policies '"
                        + name
                        + "': expected one of "
                        + String.join(", ", known(version))
                        + " at microversion "
                        + version));
  }

  private static List<String> known(Microversion version) {
    return Arrays.stream(GroupPolicy.values())
        .filter(p -> version.atLeast(p.sinceMicroversion()))
        .map(GroupPolicy::wireName)
        .toList();
  }

  private void show(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of());
    ServerGroup group = groups.show(exchange.credentials(), exchange.pathParam("group_id"));
    exchange.json(200, new GroupBody(GroupRepresentation.of(group, version)));
  }

  private void delete(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of());
    groups.delete(exchange.credentials(), exchange.pathParam("group_id"));
    exchange.noContent();
  }
}
