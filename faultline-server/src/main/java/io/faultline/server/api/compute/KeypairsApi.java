package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.compute.Keypair;
import io.faultline.compute.KeypairService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Nova's os-keypairs: create (generated or imported), list, show, delete. */
public final class KeypairsApi implements ApiModule {
  private final KeypairService keypairs;

  public KeypairsApi(KeypairService keypairs) {
    this.keypairs = requireNonNull(keypairs, "keypairs is null");
  }

  /** A key pair as listed, shown or created; absent parts are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record KeypairRepresentation(
      String name,
      @JsonProperty("public_key") String publicKey,
      String fingerprint,
      String type,
      @JsonProperty("user_id") String userId,
      @JsonProperty("private_key") String privateKey,
      @JsonProperty("created_at") String createdAt,
      Boolean deleted) {
    static KeypairRepresentation listed(Keypair keypair, Microversion version) {
      return new KeypairRepresentation(
          keypair.name(),
          keypair.publicKey(),
          keypair.fingerprint(),
          version.atLeast(2) ? keypair.type() : null,
          null,
          null,
          null,
          null);
    }

    static KeypairRepresentation shown(Keypair keypair, Microversion version) {
      return new KeypairRepresentation(
          keypair.name(),
          keypair.publicKey(),
          keypair.fingerprint(),
          version.atLeast(2) ? keypair.type() : null,
          keypair.userId(),
          null,
          ComputeRepresentations.novaTime(keypair.createdAt()),
          false);
    }

    static KeypairRepresentation created(KeypairService.Created created, Microversion version) {
      Keypair keypair = created.keypair();
      return new KeypairRepresentation(
          keypair.name(),
          keypair.publicKey(),
          keypair.fingerprint(),
          version.atLeast(2) ? keypair.type() : null,
          keypair.userId(),
          created.privateKey().orElse(null),
          null,
          null);
    }
  }

  /**
   * {@code {"keypair": {...}}}: one key pair, as shown or created; the list wraps each key pair so
   * too, as Nova does.
   */
  record Listed(KeypairRepresentation keypair) {}

  record KeypairList(List<Listed> keypairs) {}

  @Override
  public void register(Router router) {
    NovaRoutes nova = new NovaRoutes(router);
    nova.get("/os-keypairs", this::list);
    nova.post("/os-keypairs", this::create);
    nova.get("/os-keypairs/{keypair_name}", this::show);
    nova.delete("/os-keypairs/{keypair_name}", this::delete);
  }

  /** {@code ?user_id=} (admin) from 2.10. */
  private static Optional<String> forUser(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, version.atLeast(10) ? Set.of("user_id") : Set.of());
    return exchange.query("user_id");
  }

  private void list(Exchange exchange, Microversion version) {
    List<Listed> listed =
        keypairs.list(exchange.credentials(), forUser(exchange, version)).stream()
            .map(keypair -> new Listed(KeypairRepresentation.listed(keypair, version)))
            .toList();
    exchange.json(200, new KeypairList(listed));
  }

  private void create(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(exchange, Set.of());
    ObjectNode body = Json.object(exchange.jsonObject(), "keypair");
    Set<String> keys = new HashSet<>(Set.of("name", "public_key"));
    if (version.atLeast(2)) {
      keys.add("type");
    }
    if (version.atLeast(10)) {
      keys.add("user_id");
    }
    NovaApi.allowOnly(body, keys);
    KeypairService.Created created =
        keypairs.create(
            exchange.credentials(),
            Json.requiredString(body, "name", "keypair.name"),
            Json.optionalString(body, "type", "keypair.type").orElse(Keypair.SSH),
            Json.optionalString(body, "public_key", "keypair.public_key"),
            Json.optionalString(body, "user_id", "keypair.user_id"));
    exchange.json(
        version.atLeast(2) ? 201 : 200,
        new Listed(KeypairRepresentation.created(created, version)));
  }

  private void show(Exchange exchange, Microversion version) {
    Keypair keypair =
        keypairs.show(
            exchange.credentials(), exchange.pathParam("keypair_name"), forUser(exchange, version));
    exchange.json(200, new Listed(KeypairRepresentation.shown(keypair, version)));
  }

  private void delete(Exchange exchange, Microversion version) {
    keypairs.delete(
        exchange.credentials(), exchange.pathParam("keypair_name"), forUser(exchange, version));
    if (version.atLeast(2)) {
      exchange.noContent();
    } else {
      exchange.status(202);
    }
  }
}
