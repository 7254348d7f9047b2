package io.faultline.server.api.identity;

import static io.faultline.error.FaultlineException.badRequest;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.identity.ApplicationCredentialService;
import io.faultline.identity.ApplicationCredentialService.Draft;
import io.faultline.identity.ApplicationCredentialService.RoleReference;
import io.faultline.identity.ApplicationCredentialService.View;
import io.faultline.server.api.identity.IdentityRepresentations.CollectionLinks;
import io.faultline.server.api.identity.IdentityRepresentations.SelfLink;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Keystone v3 application credentials of a user: create, list, show and delete. */
public final class ApplicationCredentialApi implements ApiModule {
  private static final Service KEYSTONE = Service.IDENTITY;
  private static final String BASE = "/v3/users/{user}/application_credentials";

  private final ApplicationCredentialService credentials;

  public ApplicationCredentialApi(ApplicationCredentialService credentials) {
    this.credentials = requireNonNull(credentials, "credentials is null");
  }

  record RoleRepresentation(String id, String name, @JsonProperty("domain_id") String domainId) {}

  /** A credential on the wire; the secret appears only in the answer to its creation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CredentialRepresentation(
      String id,
      String name,
      String description,
      @JsonProperty("user_id") String userId,
      @JsonProperty("project_id") String projectId,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("expires_at") String expiresAt,
      boolean unrestricted,
      List<RoleRepresentation> roles,
      @JsonProperty("access_rules") List<Object> accessRules,
      String secret,
      SelfLink links) {
    static CredentialRepresentation from(View view, String baseUrl) {
      var credential = view.credential();
      return new CredentialRepresentation(
          credential.id().value(),
          credential.name(),
          credential.description(),
          credential.userId().value(),
          credential.projectId().value(),
          credential.expiresAt().map(IdentityRepresentations::time).orElse(null),
          credential.unrestricted(),
          view.roles().stream()
              .map(r -> new RoleRepresentation(r.id().value(), r.name(), null))
              .toList(),
          List.of(),
          view.secret().orElse(null),
          new SelfLink(
              baseUrl
                  + "/v3/users/"
                  + credential.userId()
                  + "/application_credentials/"
                  + credential.id()));
    }
  }

  record CredentialBody(
      @JsonProperty("application_credential") CredentialRepresentation credential) {}

  record CredentialList(
      @JsonProperty("application_credentials") List<CredentialRepresentation> credentials,
      CollectionLinks links) {}

  @Override
  public void register(Router router) {
    router.post(KEYSTONE, BASE, this::create);
    router.get(KEYSTONE, BASE, this::list);
    router.get(KEYSTONE, BASE + "/{id}", this::show);
    router.delete(KEYSTONE, BASE + "/{id}", this::delete);
  }

  private void create(Exchange exchange) {
    ObjectNode body = Json.object(exchange.jsonObject(), "application_credential");
    String path = "application_credential";
    Draft draft =
        new Draft(
            Json.requiredString(body, "name", path + ".name"),
            Json.optionalString(body, "description", path + ".description"),
            Json.optionalString(body, "secret", path + ".secret"),
            Json.optionalString(body, "expires_at", path + ".expires_at")
                .map(ApplicationCredentialApi::instant),
            roles(body.get("roles")),
            Json.optionalBoolean(body, "unrestricted", path + ".unrestricted").orElse(false));
    if (body.has("access_rules")
        && body.get("access_rules").isArray()
        && !body.get("access_rules").isEmpty()) {
      throw badRequest("'application_credential.access_rules' are not supported here");
    }
    View view =
        credentials.create(exchange.authenticatedToken(), exchange.pathParam("user"), draft);
    exchange.json(201, new CredentialBody(CredentialRepresentation.from(view, exchange.baseUrl())));
  }

  private void list(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of("name"));
    String base = exchange.baseUrl();
    List<CredentialRepresentation> list =
        credentials
            .list(exchange.authenticatedToken(), exchange.pathParam("user"), exchange.query("name"))
            .stream()
            .map(v -> CredentialRepresentation.from(v, base))
            .toList();
    exchange.json(200, new CredentialList(list, CollectionLinks.of(base + exchange.path())));
  }

  private void show(Exchange exchange) {
    View view =
        credentials.get(
            exchange.authenticatedToken(), exchange.pathParam("user"), exchange.pathParam("id"));
    exchange.json(200, new CredentialBody(CredentialRepresentation.from(view, exchange.baseUrl())));
  }

  private void delete(Exchange exchange) {
    credentials.delete(
        exchange.authenticatedToken(), exchange.pathParam("user"), exchange.pathParam("id"));
    exchange.noContent();
  }

  private static Optional<List<RoleReference>> roles(JsonNode roles) {
    if (roles == null || roles.isNull()) {
      return Optional.empty();
    }
    if (!roles.isArray()) {
      throw badRequest(
          "'application_credential.roles' must be a list of {id} or {name}, not "
              + Json.describe(roles));
    }
    List<RoleReference> references = new ArrayList<>();
    for (JsonNode role : roles) {
      if (!role.isObject() || !(role.has("id") || role.has("name"))) {
        throw badRequest(
            "'application_credential.roles' items are {\"id\": ...} or {\"name\": ...}, not "
                + Json.describe(role));
      }
      references.add(
          new RoleReference(
              Json.optionalString(role, "id", "application_credential.roles[].id"),
              Json.optionalString(role, "name", "application_credential.roles[].name")));
    }
    return Optional.of(references);
  }

  /** Keystone's times: ISO 8601, with or without an offset (UTC then). */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw badRequest(
            "'application_credential.expires_at' must be an ISO 8601 time, not '" + text + "'");
      }
    }
  }
}
