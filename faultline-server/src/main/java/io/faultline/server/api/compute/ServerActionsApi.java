package io.faultline.server.api.compute;

import static io.faultline.server.api.compute.NovaApi.allowOnly;
import static io.faultline.server.api.compute.NovaApi.computeBase;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.InstanceId;
import io.faultline.compute.RebuildServer;
import io.faultline.compute.ServerActions;
import io.faultline.compute.ServerUpdate;
import io.faultline.compute.ServerView;
import io.faultline.error.FaultlineException;
import io.faultline.server.api.compute.ServerRepresentations.RebuiltServer;
import io.faultline.server.api.compute.ServerRepresentations.RebuiltServerBody;
import io.faultline.server.api.compute.ServerRepresentations.ServerBody;
import io.faultline.server.api.compute.ServerRepresentations.ServerDetail;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nova's server update ({@code PUT /servers/{id}}), metadata routes and the power and rebuild
 * actions ({@code os-start}, {@code os-stop}, {@code reboot}, {@code rebuild}).
 */
final class ServerActionsApi {
  private final ServerActions actions;
  private final ServersApi servers;

  ServerActionsApi(ServerActions actions, ServersApi servers) {
    this.actions = requireNonNull(actions, "actions is null");
    this.servers = requireNonNull(servers, "servers is null");
  }

  void register(NovaRoutes nova) {
    nova.put("/servers/{server_id}", this::update);
    nova.get("/servers/{server_id}/metadata", this::listMetadata);
    nova.post("/servers/{server_id}/metadata", (e, v) -> setMetadata(e, false));
    nova.put("/servers/{server_id}/metadata", (e, v) -> setMetadata(e, true));
    nova.get("/servers/{server_id}/metadata/{key}", this::showMetadataItem);
    nova.put("/servers/{server_id}/metadata/{key}", this::putMetadataItem);
    nova.delete("/servers/{server_id}/metadata/{key}", this::deleteMetadataItem);
  }

  /** The actions this class serves; anything else is Nova's "no such action". */
  void action(
      Exchange exchange, Microversion version, InstanceId id, String action, ObjectNode body) {
    switch (action) {
      case "os-start" -> {
        noArguments(body, action);
        actions.start(exchange.credentials(), id);
        exchange.status(202);
      }
      case "os-stop" -> {
        noArguments(body, action);
        actions.stop(exchange.credentials(), id);
        exchange.status(202);
      }
      case "reboot" -> {
        ObjectNode reboot = Json.object(body, action);
        allowOnly(reboot, Set.of("type"));
        String type = Json.requiredString(reboot, "type", "reboot.type");
        ServerActions.RebootType parsed =
            switch (type.toUpperCase(Locale.ROOT)) {
              case "SOFT" -> ServerActions.RebootType.SOFT;
              case "HARD" -> ServerActions.RebootType.HARD;
              default ->
                  throw FaultlineException.badRequest(
                      "Invalid input for field/attribute type. Value: "
                          + type
                          + ". '"
                          + type
                          + "' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
            };
        actions.reboot(exchange.credentials(), id, parsed);
        exchange.status(202);
      }
      case "rebuild" -> rebuild(exchange, version, id, Json.object(body, action));
      default -> throw FaultlineException.badRequest("There is no such action: " + action);
    }
  }

  /** {@code os-start} and {@code os-stop} take {@code null} (or an empty object). */
  private static void noArguments(ObjectNode body, String action) {
    JsonNode value = body.get(action);
    if (!value.isNull() && !(value.isObject() && value.isEmpty())) {
      throw FaultlineException.badRequest(
          "Invalid input for field/attribute " + action + ": expected null");
    }
  }

  private void rebuild(Exchange exchange, Microversion version, InstanceId id, ObjectNode body) {
    Set<String> keys =
        new HashSet<>(
            Set.of(
                "imageRef",
                "name",
                "adminPass",
                "metadata",
                "accessIPv4",
                "accessIPv6",
                "OS-DCF:diskConfig",
                "preserve_ephemeral"));
    if (version.atLeast(19)) {
      keys.add("description");
    }
    allowOnly(body, keys);
    String image = Json.requiredString(body, "imageRef", "rebuild.imageRef");
    Optional<String> adminPass = Json.optionalString(body, "adminPass", "rebuild.adminPass");
    Json.optionalBoolean(body, "preserve_ephemeral", "rebuild.preserve_ephemeral");
    ServerView view =
        actions.rebuild(
            exchange.credentials(),
            id,
            new RebuildServer(
                image.substring(image.lastIndexOf('/') + 1),
                Json.optionalString(body, "name", "rebuild.name"),
                ServerRequests.metadata(body, "metadata"),
                ServerRequests.accessIpv4(body),
                ServerRequests.accessIpv6(body),
                Json.optionalString(body, "OS-DCF:diskConfig", "rebuild.OS-DCF:diskConfig"),
                body.has("description"),
                ServerRequests.nullableString(body, "description")));
    exchange.json(
        202,
        new RebuiltServerBody(
            new RebuiltServer(
                detail(exchange, version, view), adminPass.orElseGet(ServersApi::password))));
  }

  private void update(Exchange exchange, Microversion version) {
    ObjectNode server = Json.object(exchange.jsonObject(), "server");
    Set<String> keys =
        new HashSet<>(Set.of("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"));
    if (version.atLeast(19)) {
      keys.add("description");
    }
    allowOnly(server, keys);
    ServerView view =
        actions.update(
            exchange.credentials(),
            ServersApi.serverId(exchange),
            new ServerUpdate(
                Json.optionalString(server, "name", "server.name"),
                ServerRequests.accessIpv4(server),
                ServerRequests.accessIpv6(server),
                server.has("description"),
                ServerRequests.nullableString(server, "description"),
                Json.optionalString(server, "OS-DCF:diskConfig", "server.OS-DCF:diskConfig")));
    exchange.json(200, new ServerBody(detail(exchange, version, view)));
  }

  private ServerDetail detail(Exchange exchange, Microversion version, ServerView view) {
    return ServerDetail.from(
        view, servers.visibility(exchange.credentials(), view), version, computeBase(exchange));
  }

  private void listMetadata(Exchange exchange, Microversion version) {
    exchange.json(
        200,
        new MetadataBody(actions.metadata(exchange.credentials(), ServersApi.serverId(exchange))));
  }

  private void setMetadata(Exchange exchange, boolean replace) {
    ObjectNode body = exchange.jsonObject();
    allowOnly(body, Set.of("metadata"));
    Map<String, String> items =
        ServerRequests.metadata(body, "metadata")
            .orElseThrow(() -> FaultlineException.badRequest("'metadata' is a required property"));
    Map<String, String> result =
        actions.setMetadata(exchange.credentials(), ServersApi.serverId(exchange), items, replace);
    exchange.json(200, new MetadataBody(result));
  }

  private void showMetadataItem(Exchange exchange, Microversion version) {
    String key = exchange.pathParam("key");
    String value = actions.metadataItem(exchange.credentials(), ServersApi.serverId(exchange), key);
    exchange.json(200, new MetaBody(Map.of(key, value)));
  }

  private void putMetadataItem(Exchange exchange, Microversion version) {
    String key = exchange.pathParam("key");
    ObjectNode body = exchange.jsonObject();
    allowOnly(body, Set.of("meta"));
    Map<String, String> meta =
        ServerRequests.metadata(body, "meta")
            .orElseThrow(() -> FaultlineException.badRequest("'meta' is a required property"));
    if (meta.size() > 1) {
      throw FaultlineException.badRequest("Request body contains too many items");
    }
    if (!meta.containsKey(key)) {
      throw FaultlineException.badRequest("Request body and URI mismatch");
    }
    actions.setMetadata(exchange.credentials(), ServersApi.serverId(exchange), meta, false);
    exchange.json(200, new MetaBody(meta));
  }

  private void deleteMetadataItem(Exchange exchange, Microversion version) {
    actions.deleteMetadataItem(
        exchange.credentials(), ServersApi.serverId(exchange), exchange.pathParam("key"));
    exchange.noContent();
  }

  /** A server's metadata, all of it. */
  record MetadataBody(Map<String, String> metadata) {}

  /** One metadata item, keyed by its own key. */
  record MetaBody(Map<String, String> meta) {}
}
