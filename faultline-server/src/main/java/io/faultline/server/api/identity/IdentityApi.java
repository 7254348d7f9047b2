package io.faultline.server.api.identity;

import static io.faultline.server.api.identity.IdentityRepresentations.list;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.AuthenticatedToken;
import io.faultline.identity.CatalogEntry;
import io.faultline.identity.IdentityAdminService;
import io.faultline.identity.IdentityAdminService.ProjectDraft;
import io.faultline.identity.IdentityAdminService.UserDraft;
import io.faultline.identity.IdentityService;
import io.faultline.identity.IssuedToken;
import io.faultline.identity.PasswordAuthentication;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Keystone v3: version discovery, tokens, and the administrative resources. */
public final class IdentityApi implements ApiModule {
  private static final Service KEYSTONE = Service.IDENTITY;

  private final IdentityService identity;
  private final IdentityAdminService admin;
  private final Function<String, List<CatalogEntry>> catalog;
  private final String region;

  /**
   * @param catalog the catalog for a given base URL of this server
   */
  public IdentityApi(
      IdentityService identity,
      IdentityAdminService admin,
      Function<String, List<CatalogEntry>> catalog,
      String region) {
    this.identity = requireNonNull(identity, "identity is null");
    this.admin = requireNonNull(admin, "admin is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.region = requireNonNull(region, "region is null");
  }

  @Override
  public void register(Router router) {
    router.getPublic(Service.FAULTLINE, "/", this::versions);
    router.getPublic(KEYSTONE, "/", this::versions);
    router.getPublic(KEYSTONE, "/v3", this::version);
    router.postPublic(KEYSTONE, "/v3/auth/tokens", this::issueToken);
    router.get(KEYSTONE, "/v3/auth/tokens", exchange -> validateToken(exchange, true));
    router.head(KEYSTONE, "/v3/auth/tokens", exchange -> validateToken(exchange, false));
    router.delete(KEYSTONE, "/v3/auth/tokens", this::revokeToken);
    router.get(KEYSTONE, "/v3/auth/catalog", this::authCatalog);
    router.get(KEYSTONE, "/v3/auth/projects", this::authProjects);

    router.get(KEYSTONE, "/v3/domains", this::listDomains);
    router.get(KEYSTONE, "/v3/domains/{id}", e -> one(e, "domain", domain(e)));

    router.get(KEYSTONE, "/v3/projects", this::listProjects);
    router.post(KEYSTONE, "/v3/projects", this::createProject);
    router.get(KEYSTONE, "/v3/projects/{id}", e -> one(e, "project", project(e)));
    router.patch(KEYSTONE, "/v3/projects/{id}", this::updateProject);
    router.delete(KEYSTONE, "/v3/projects/{id}", this::deleteProject);

    router.get(KEYSTONE, "/v3/users", this::listUsers);
    router.post(KEYSTONE, "/v3/users", this::createUser);
    router.get(KEYSTONE, "/v3/users/{id}", e -> one(e, "user", user(e)));
    router.patch(KEYSTONE, "/v3/users/{id}", this::updateUser);
    router.delete(KEYSTONE, "/v3/users/{id}", this::deleteUser);

    router.get(KEYSTONE, "/v3/roles", this::listRoles);
    router.post(KEYSTONE, "/v3/roles", this::createRole);
    router.get(KEYSTONE, "/v3/roles/{id}", e -> one(e, "role", role(e)));
    router.delete(KEYSTONE, "/v3/roles/{id}", this::deleteRole);

    String grant = "/v3/projects/{project}/users/{user}/roles/{role}";
    router.put(KEYSTONE, grant, this::grant);
    router.get(KEYSTONE, grant, this::checkGrant);
    router.head(KEYSTONE, grant, this::checkGrant);
    router.delete(KEYSTONE, grant, this::revokeGrant);
    router.get(KEYSTONE, "/v3/projects/{project}/users/{user}/roles", this::listGrants);
    router.get(KEYSTONE, "/v3/role_assignments", this::listAssignments);
  }

  private void versions(Exchange exchange) {
    exchange.header("Location", exchange.baseUrl() + "/v3/");
    exchange.json(
        300,
        Map.of(
            "versions",
            Map.of("values", List.of(IdentityRepresentations.versionEntry(exchange.baseUrl())))));
  }

  private void version(Exchange exchange) {
    exchange.json(200, Map.of("version", IdentityRepresentations.versionEntry(exchange.baseUrl())));
  }

  private void issueToken(Exchange exchange) {
    PasswordAuthentication request = TokenRequests.parse(exchange.jsonObject());
    IssuedToken issued = identity.authenticate(request, exchange.remoteAddress());
    exchange.header("X-Subject-Token", issued.secret());
    exchange.json(201, tokenBody(exchange, issued.token()));
  }

  private void validateToken(Exchange exchange, boolean withBody) {
    String subject = subjectToken(exchange);
    AuthenticatedToken token = identity.validate(exchange.credentials(), subject);
    exchange.header("X-Subject-Token", subject);
    if (withBody) {
      exchange.json(200, tokenBody(exchange, token));
    } else {
      exchange.status(200);
    }
  }

  private void revokeToken(Exchange exchange) {
    identity.revoke(exchange.credentials(), subjectToken(exchange));
    exchange.noContent();
  }

  private void authCatalog(Exchange exchange) {
    exchange.json(
        200,
        Map.of(
            "catalog",
            IdentityRepresentations.catalog(catalog.apply(exchange.baseUrl()), region),
            "links",
            Map.of("self", exchange.baseUrl() + "/v3/auth/catalog")));
  }

  private void authProjects(Exchange exchange) {
    AuthenticatedToken token = exchange.authenticatedToken();
    exchange.json(
        200,
        list(
            "projects",
            token.project().stream()
                .map(p -> IdentityRepresentations.project(p, exchange.baseUrl()))
                .toList(),
            exchange.baseUrl() + "/v3/auth/projects"));
  }

  private Map<String, Object> tokenBody(Exchange exchange, AuthenticatedToken token) {
    boolean withCatalog = exchange.query("nocatalog").isEmpty();
    return Map.of(
        "token",
        IdentityRepresentations.token(
            token, catalog.apply(exchange.baseUrl()), region, withCatalog));
  }

  private static String subjectToken(Exchange exchange) {
    return exchange
        .header("X-Subject-Token")
        .filter(token -> !token.isBlank())
        .orElseThrow(() -> FaultlineException.badRequest("X-Subject-Token header is required"));
  }

  private void listDomains(Exchange exchange) {
    String base = exchange.baseUrl();
    exchange.json(
        200,
        list(
            "domains",
            admin.listDomains(exchange.credentials(), exchange.query("name")).stream()
                .map(d -> IdentityRepresentations.domain(d, base))
                .toList(),
            base + "/v3/domains"));
  }

  private Map<String, Object> domain(Exchange exchange) {
    return IdentityRepresentations.domain(
        admin.getDomain(exchange.credentials(), exchange.pathParam("id")), exchange.baseUrl());
  }

  private void listProjects(Exchange exchange) {
    String base = exchange.baseUrl();
    exchange.json(
        200,
        list(
            "projects",
            admin
                .listProjects(
                    exchange.credentials(), exchange.query("name"), exchange.query("domain_id"))
                .stream()
                .map(p -> IdentityRepresentations.project(p, base))
                .toList(),
            base + "/v3/projects"));
  }

  private Map<String, Object> project(Exchange exchange) {
    return IdentityRepresentations.project(
        admin.getProject(exchange.credentials(), exchange.pathParam("id")), exchange.baseUrl());
  }

  private void createProject(Exchange exchange) {
    ObjectNode project = Json.object(exchange.jsonObject(), "project");
    Json.requiredString(project, "name", "project.name");
    ProjectDraft draft = projectDraft(project);
    exchange.json(
        201,
        Map.of(
            "project",
            IdentityRepresentations.project(
                admin.createProject(exchange.credentials(), draft), exchange.baseUrl())));
  }

  private void updateProject(Exchange exchange) {
    ProjectDraft draft = projectDraft(Json.object(exchange.jsonObject(), "project"));
    exchange.json(
        200,
        Map.of(
            "project",
            IdentityRepresentations.project(
                admin.updateProject(exchange.credentials(), exchange.pathParam("id"), draft),
                exchange.baseUrl())));
  }

  private void deleteProject(Exchange exchange) {
    admin.deleteProject(exchange.credentials(), exchange.pathParam("id"));
    exchange.noContent();
  }

  private static ProjectDraft projectDraft(ObjectNode project) {
    return new ProjectDraft(
        Json.optionalString(project, "name", "project.name"),
        Json.optionalString(project, "domain_id", "project.domain_id"),
        Json.optionalString(project, "description", "project.description"),
        Json.optionalBoolean(project, "enabled", "project.enabled"));
  }

  private void listUsers(Exchange exchange) {
    String base = exchange.baseUrl();
    exchange.json(
        200,
        list(
            "users",
            admin
                .listUsers(
                    exchange.credentials(), exchange.query("name"), exchange.query("domain_id"))
                .stream()
                .map(u -> IdentityRepresentations.user(u, base))
                .toList(),
            base + "/v3/users"));
  }

  private Map<String, Object> user(Exchange exchange) {
    return IdentityRepresentations.user(
        admin.getUser(exchange.credentials(), exchange.pathParam("id")), exchange.baseUrl());
  }

  private void createUser(Exchange exchange) {
    ObjectNode user = Json.object(exchange.jsonObject(), "user");
    Json.requiredString(user, "name", "user.name");
    UserDraft draft = userDraft(user);
    exchange.json(
        201,
        Map.of(
            "user",
            IdentityRepresentations.user(
                admin.createUser(exchange.credentials(), draft), exchange.baseUrl())));
  }

  private void updateUser(Exchange exchange) {
    UserDraft draft = userDraft(Json.object(exchange.jsonObject(), "user"));
    exchange.json(
        200,
        Map.of(
            "user",
            IdentityRepresentations.user(
                admin.updateUser(exchange.credentials(), exchange.pathParam("id"), draft),
                exchange.baseUrl())));
  }

  private void deleteUser(Exchange exchange) {
    admin.deleteUser(exchange.credentials(), exchange.pathParam("id"));
    exchange.noContent();
  }

  private static UserDraft userDraft(ObjectNode user) {
    return new UserDraft(
        Json.optionalString(user, "name", "user.name"),
        Json.optionalString(user, "domain_id", "user.domain_id"),
        Json.optionalString(user, "default_project_id", "user.default_project_id"),
        Json.optionalString(user, "email", "user.email"),
        Json.optionalString(user, "description", "user.description"),
        Json.optionalBoolean(user, "enabled", "user.enabled"),
        Json.optionalString(user, "password", "user.password"));
  }

  private void listRoles(Exchange exchange) {
    String base = exchange.baseUrl();
    exchange.json(
        200,
        list(
            "roles",
            admin.listRoles(exchange.credentials(), exchange.query("name")).stream()
                .map(r -> IdentityRepresentations.role(r, base))
                .toList(),
            base + "/v3/roles"));
  }

  private Map<String, Object> role(Exchange exchange) {
    return IdentityRepresentations.role(
        admin.getRole(exchange.credentials(), exchange.pathParam("id")), exchange.baseUrl());
  }

  private void createRole(Exchange exchange) {
    JsonNode role = Json.object(exchange.jsonObject(), "role");
    String name = Json.requiredString(role, "name", "role.name");
    exchange.json(
        201,
        Map.of(
            "role",
            IdentityRepresentations.role(
                admin.createRole(exchange.credentials(), name), exchange.baseUrl())));
  }

  private void deleteRole(Exchange exchange) {
    admin.deleteRole(exchange.credentials(), exchange.pathParam("id"));
    exchange.noContent();
  }

  private void grant(Exchange exchange) {
    admin.grant(
        exchange.credentials(),
        exchange.pathParam("project"),
        exchange.pathParam("user"),
        exchange.pathParam("role"));
    exchange.noContent();
  }

  private void checkGrant(Exchange exchange) {
    admin.checkGrant(
        exchange.credentials(),
        exchange.pathParam("project"),
        exchange.pathParam("user"),
        exchange.pathParam("role"));
    exchange.noContent();
  }

  private void revokeGrant(Exchange exchange) {
    admin.revokeGrant(
        exchange.credentials(),
        exchange.pathParam("project"),
        exchange.pathParam("user"),
        exchange.pathParam("role"));
    exchange.noContent();
  }

  private void listGrants(Exchange exchange) {
    String base = exchange.baseUrl();
    exchange.json(
        200,
        list(
            "roles",
            admin
                .listGrants(
                    exchange.credentials(),
                    exchange.pathParam("project"),
                    exchange.pathParam("user"))
                .stream()
                .map(r -> IdentityRepresentations.role(r, base))
                .toList(),
            exchange.baseUrl() + exchange.path()));
  }

  private void listAssignments(Exchange exchange) {
    String base = exchange.baseUrl();
    boolean names = exchange.query("include_names").map(IdentityApi::truthy).orElse(false);
    exchange.json(
        200,
        list(
            "role_assignments",
            admin
                .listAssignments(
                    exchange.credentials(),
                    exchange.query("user.id"),
                    exchange.query("scope.project.id"),
                    exchange.query("role.id"))
                .stream()
                .map(
                    a ->
                        names
                            ? IdentityRepresentations.assignment(admin.describe(a), base)
                            : IdentityRepresentations.assignment(a, base))
                .toList(),
            base + "/v3/role_assignments"));
  }

  private static boolean truthy(String value) {
    return value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1");
  }

  private static void one(Exchange exchange, String key, Map<String, Object> body) {
    exchange.json(200, Map.of(key, body));
  }
}
