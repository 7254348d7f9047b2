package io.faultline.server.api.identity;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.identity.AuthenticatedToken;
import io.faultline.identity.Authentication;
import io.faultline.identity.CatalogEntry;
import io.faultline.identity.DomainService;
import io.faultline.identity.IdentityAdminService;
import io.faultline.identity.IdentityAdminService.ProjectDraft;
import io.faultline.identity.IdentityAdminService.UserDraft;
import io.faultline.identity.IdentityListFilter;
import io.faultline.identity.IdentityService;
import io.faultline.identity.IssuedToken;
import io.faultline.identity.ProjectId;
import io.faultline.identity.RoleAssignment;
import io.faultline.identity.RoleAssignmentFilter;
import io.faultline.identity.RoleId;
import io.faultline.identity.UserId;
import io.faultline.server.api.identity.IdentityRepresentations.AssignmentRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.CatalogBody;
import io.faultline.server.api.identity.IdentityRepresentations.CollectionLinks;
import io.faultline.server.api.identity.IdentityRepresentations.ProjectBody;
import io.faultline.server.api.identity.IdentityRepresentations.ProjectList;
import io.faultline.server.api.identity.IdentityRepresentations.ProjectRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.RoleBody;
import io.faultline.server.api.identity.IdentityRepresentations.RoleList;
import io.faultline.server.api.identity.IdentityRepresentations.RoleRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.SelfLink;
import io.faultline.server.api.identity.IdentityRepresentations.TokenBody;
import io.faultline.server.api.identity.IdentityRepresentations.TokenRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.UserBody;
import io.faultline.server.api.identity.IdentityRepresentations.UserRepresentation;
import io.faultline.server.api.identity.IdentityRepresentations.VersionBody;
import io.faultline.server.api.identity.IdentityRepresentations.VersionEntry;
import io.faultline.server.api.identity.IdentityRepresentations.VersionValues;
import io.faultline.server.api.identity.IdentityRepresentations.VersionsBody;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/** Keystone v3: version discovery, tokens, and the administrative resources. */
public final class IdentityApi implements ApiModule {
  private static final Service KEYSTONE = Service.IDENTITY;
  private static final Set<String> PROJECT_FILTERS =
      KeystonePages.with(Set.of("name", "domain_id", "enabled", "is_domain", "parent_id"));
  private static final Set<String> USER_FILTERS =
      KeystonePages.with(Set.of("name", "domain_id", "enabled"));
  private static final Set<String> ASSIGNMENT_FILTERS =
      KeystonePages.with(
          Set.of("user.id", "scope.project.id", "role.id", "include_names", "effective"));

  /** What Keystone knows of a project or user; any other attribute is kept as an extra. */
  private static final Set<String> PROJECT_ATTRIBUTES =
      Set.of(
          "id",
          "name",
          "domain_id",
          "description",
          "enabled",
          "is_domain",
          "parent_id",
          "tags",
          "options",
          "links");

  private static final Set<String> USER_ATTRIBUTES =
      Set.of(
          "id",
          "name",
          "domain_id",
          "default_project_id",
          "email",
          "description",
          "enabled",
          "password",
          "options",
          "federated",
          "links",
          "password_expires_at");

  private final IdentityService identity;
  private final IdentityAdminService admin;
  private final DomainService domains;
  private final Function<String, List<CatalogEntry>> catalog;
  private final String region;
  private final int maxPage;

  /**
   * @param catalog the catalog for a given base URL of this server
   * @param maxPage the most entries one page of users, projects or role assignments holds
   */
  public IdentityApi(
      IdentityService identity,
      IdentityAdminService admin,
      DomainService domains,
      Function<String, List<CatalogEntry>> catalog,
      String region,
      int maxPage) {
    this.identity = requireNonNull(identity, "identity is null");
    this.admin = requireNonNull(admin, "admin is null");
    this.domains = requireNonNull(domains, "domains is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.region = requireNonNull(region, "region is null");
    if (maxPage < 1) {
      throw new IllegalArgumentException("maxPage must be at least 1: " + maxPage);
    }
    this.maxPage = maxPage;
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

    router.get(KEYSTONE, "/v3/projects", this::listProjects);
    router.post(KEYSTONE, "/v3/projects", this::createProject);
    router.get(KEYSTONE, "/v3/projects/{id}", e -> e.json(200, new ProjectBody(project(e))));
    router.patch(KEYSTONE, "/v3/projects/{id}", this::updateProject);
    router.delete(KEYSTONE, "/v3/projects/{id}", this::deleteProject);

    router.get(KEYSTONE, "/v3/users", this::listUsers);
    router.post(KEYSTONE, "/v3/users", this::createUser);
    router.get(KEYSTONE, "/v3/users/{id}", e -> e.json(200, new UserBody(user(e))));
    router.patch(KEYSTONE, "/v3/users/{id}", this::updateUser);
    router.delete(KEYSTONE, "/v3/users/{id}", this::deleteUser);
    router.get(KEYSTONE, "/v3/users/{id}/projects", this::listUserProjects);
    router.postPublic(KEYSTONE, "/v3/users/{id}/password", this::changePassword);

    router.get(KEYSTONE, "/v3/roles", this::listRoles);
    router.post(KEYSTONE, "/v3/roles", this::createRole);
    router.get(KEYSTONE, "/v3/roles/{id}", e -> e.json(200, new RoleBody(role(e))));
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
        300, new VersionsBody(new VersionValues(List.of(VersionEntry.of(exchange.baseUrl())))));
  }

  private void version(Exchange exchange) {
    exchange.json(200, new VersionBody(VersionEntry.of(exchange.baseUrl())));
  }

  private void issueToken(Exchange exchange) {
    Authentication request = TokenRequests.parse(exchange.jsonObject());
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
        new CatalogBody(
            IdentityRepresentations.catalog(catalog.apply(exchange.baseUrl()), region),
            new SelfLink(exchange.baseUrl() + "/v3/auth/catalog")));
  }

  private void authProjects(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of());
    exchange.json(
        200,
        new ProjectList(
            identity.projectsOf(exchange.authenticatedToken()).stream()
                .map(p -> ProjectRepresentation.from(p, exchange.baseUrl()))
                .toList(),
            CollectionLinks.of(exchange.baseUrl() + "/v3/auth/projects")));
  }

  private TokenBody tokenBody(Exchange exchange, AuthenticatedToken token) {
    boolean withCatalog = exchange.query("nocatalog").isEmpty();
    return new TokenBody(
        TokenRepresentation.from(token, catalog.apply(exchange.baseUrl()), region, withCatalog));
  }

  private static String subjectToken(Exchange exchange) {
    return exchange
        .header("X-Subject-Token")
        .filter(token -> !token.isBlank())
        .orElseThrow(() -> FaultlineException.badRequest("X-Subject-Token header is required"));
  }

  private void listProjects(Exchange exchange) {
    QueryFilters.allowOnly(exchange, PROJECT_FILTERS);
    String base = exchange.baseUrl();
    Optional<Boolean> enabled = QueryFilters.bool(exchange, "enabled");
    if (QueryFilters.bool(exchange, "is_domain").orElse(false)) {
      // Keystone keeps domains as projects that act as domains; this lists them so.
      List<ProjectRepresentation> projects =
          domains.list(exchange.credentials(), exchange.query("name"), enabled).stream()
              .map(d -> ProjectRepresentation.fromDomain(d, base))
              .toList();
      exchange.json(
          200,
          new KeystonePages.ProjectPage(
              KeystonePages.page(exchange, projects, ProjectRepresentation::id, p -> p, maxPage)));
      return;
    }
    // The parent of a project that is not a domain is its domain.
    List<String> domainIds =
        Stream.of(exchange.query("domain_id"), exchange.query("parent_id"))
            .flatMap(Optional::stream)
            .toList();
    exchange.json(
        200,
        new KeystonePages.ProjectPage(
            KeystonePages.page(
                exchange,
                admin.pageProjects(
                    exchange.credentials(),
                    new IdentityListFilter(exchange.query("name"), domainIds, enabled),
                    exchange.query("marker"),
                    KeystonePages.limit(exchange.query("limit"), maxPage)),
                p -> p.id().value(),
                p -> ProjectRepresentation.from(p, base))));
  }

  /**
   * A project; or, as Keystone keeps a domain as a project acting as it ({@code is_domain} true), a
   * domain's id gives that project. An id that is neither is the project's 404.
   */
  private ProjectRepresentation project(Exchange exchange) {
    String id = exchange.pathParam("id");
    try {
      return ProjectRepresentation.from(
          admin.getProject(exchange.credentials(), id), exchange.baseUrl());
    } catch (FaultlineException notProject) {
      if (notProject.code() != ErrorCode.NOT_FOUND) {
        throw notProject;
      }
      try {
        return ProjectRepresentation.fromDomain(
            domains.get(exchange.credentials(), id), exchange.baseUrl());
      } catch (FaultlineException notDomain) {
        if (notDomain.code() == ErrorCode.NOT_FOUND) {
          throw notProject;
        }
        throw notDomain;
      }
    }
  }

  private void createProject(Exchange exchange) {
    ObjectNode body = Json.object(exchange.jsonObject(), "project");
    if (Json.optionalBoolean(body, "is_domain", "project.is_domain").orElse(false)) {
      // A project acting as a domain is a domain, as in Keystone.
      DomainService.DomainDraft domain =
          new DomainService.DomainDraft(
              Json.optionalString(body, "name", "project.name"),
              Json.optionalString(body, "description", "project.description"),
              Json.optionalBoolean(body, "enabled", "project.enabled"));
      exchange.json(
          201,
          new ProjectBody(
              ProjectRepresentation.fromDomain(
                  domains.create(exchange.credentials(), domain), exchange.baseUrl())));
      return;
    }
    Json.requiredString(body, "name", "project.name");
    ProjectDraft draft = projectDraft(body);
    exchange.json(
        201,
        new ProjectBody(
            ProjectRepresentation.from(
                admin.createProject(exchange.credentials(), draft), exchange.baseUrl())));
  }

  private void updateProject(Exchange exchange) {
    ProjectDraft draft = projectDraft(Json.object(exchange.jsonObject(), "project"));
    exchange.json(
        200,
        new ProjectBody(
            ProjectRepresentation.from(
                admin.updateProject(exchange.credentials(), exchange.pathParam("id"), draft),
                exchange.baseUrl())));
  }

  private void deleteProject(Exchange exchange) {
    admin.deleteProject(exchange.credentials(), exchange.pathParam("id"));
    exchange.noContent();
  }

  private static ProjectDraft projectDraft(ObjectNode project) {
    if (Json.optionalBoolean(project, "is_domain", "project.is_domain").orElse(false)) {
      throw FaultlineException.badRequest("'project.is_domain' cannot be changed");
    }
    Optional<String> parent = Json.optionalString(project, "parent_id", "project.parent_id");
    Optional<String> domain = Json.optionalString(project, "domain_id", "project.domain_id");
    if (parent.isPresent() && domain.isPresent() && !parent.equals(domain)) {
      throw FaultlineException.badRequest(
          "'project.parent_id' must be its domain: projects do not nest here");
    }
    return new ProjectDraft(
        Json.optionalString(project, "name", "project.name"),
        domain.or(() -> parent),
        Json.optionalString(project, "description", "project.description"),
        Json.optionalBoolean(project, "enabled", "project.enabled"),
        QueryFilters.tags(project),
        QueryFilters.extra(project, PROJECT_ATTRIBUTES));
  }

  private void listUsers(Exchange exchange) {
    QueryFilters.allowOnly(exchange, USER_FILTERS);
    IdentityListFilter filter =
        new IdentityListFilter(
            exchange.query("name"),
            exchange.query("domain_id").stream().toList(),
            QueryFilters.bool(exchange, "enabled"));
    String base = exchange.baseUrl();
    exchange.json(
        200,
        new KeystonePages.UserPage(
            KeystonePages.page(
                exchange,
                admin.pageUsers(
                    exchange.credentials(),
                    filter,
                    exchange.query("marker"),
                    KeystonePages.limit(exchange.query("limit"), maxPage)),
                u -> u.id().value(),
                u -> UserRepresentation.from(u, base))));
  }

  private UserRepresentation user(Exchange exchange) {
    return UserRepresentation.from(
        admin.getUser(exchange.credentials(), exchange.pathParam("id")), exchange.baseUrl());
  }

  private void createUser(Exchange exchange) {
    ObjectNode user = Json.object(exchange.jsonObject(), "user");
    Json.requiredString(user, "name", "user.name");
    UserDraft draft = userDraft(user);
    exchange.json(
        201,
        new UserBody(
            UserRepresentation.from(
                admin.createUser(exchange.credentials(), draft), exchange.baseUrl())));
  }

  private void updateUser(Exchange exchange) {
    UserDraft draft = userDraft(Json.object(exchange.jsonObject(), "user"));
    exchange.json(
        200,
        new UserBody(
            UserRepresentation.from(
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
        Json.optionalString(user, "password", "user.password"),
        QueryFilters.extra(user, USER_ATTRIBUTES));
  }

  private void listUserProjects(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of("name", "domain_id", "enabled"));
    String base = exchange.baseUrl();
    Optional<Boolean> enabled = QueryFilters.bool(exchange, "enabled");
    exchange.json(
        200,
        new ProjectList(
            admin.listUserProjects(exchange.credentials(), exchange.pathParam("id")).stream()
                .filter(p -> exchange.query("name").map(p.name()::equals).orElse(true))
                .filter(
                    p -> exchange.query("domain_id").map(p.domainId().value()::equals).orElse(true))
                .filter(p -> enabled.map(e -> p.enabled() == e).orElse(true))
                .map(p -> ProjectRepresentation.from(p, base))
                .toList(),
            CollectionLinks.of(base + exchange.path())));
  }

  private void changePassword(Exchange exchange) {
    ObjectNode user = Json.object(exchange.jsonObject(), "user");
    identity.changePassword(
        exchange.pathParam("id"),
        Json.requiredString(user, "original_password", "user.original_password"),
        Json.requiredString(user, "password", "user.password"));
    exchange.noContent();
  }

  private void listRoles(Exchange exchange) {
    QueryFilters.allowOnly(exchange, Set.of("name"));
    String base = exchange.baseUrl();
    exchange.json(
        200,
        new RoleList(
            admin.listRoles(exchange.credentials(), exchange.query("name")).stream()
                .map(r -> RoleRepresentation.from(r, base))
                .toList(),
            CollectionLinks.of(base + "/v3/roles")));
  }

  private RoleRepresentation role(Exchange exchange) {
    return RoleRepresentation.from(
        admin.getRole(exchange.credentials(), exchange.pathParam("id")), exchange.baseUrl());
  }

  private void createRole(Exchange exchange) {
    JsonNode role = Json.object(exchange.jsonObject(), "role");
    String name = Json.requiredString(role, "name", "role.name");
    exchange.json(
        201,
        new RoleBody(
            RoleRepresentation.from(
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
        new RoleList(
            admin
                .listGrants(
                    exchange.credentials(),
                    exchange.pathParam("project"),
                    exchange.pathParam("user"))
                .stream()
                .map(r -> RoleRepresentation.from(r, base))
                .toList(),
            CollectionLinks.of(exchange.baseUrl() + exchange.path())));
  }

  private void listAssignments(Exchange exchange) {
    QueryFilters.allowOnly(exchange, ASSIGNMENT_FILTERS);
    String base = exchange.baseUrl();
    boolean names = exchange.query("include_names").map(IdentityApi::truthy).orElse(false);
    RoleAssignmentFilter filter =
        new RoleAssignmentFilter(
            exchange.query("user.id"),
            exchange.query("scope.project.id"),
            exchange.query("role.id"));
    exchange.json(
        200,
        new KeystonePages.AssignmentPage(
            KeystonePages.page(
                exchange,
                admin.pageAssignments(
                    exchange.credentials(),
                    filter,
                    exchange.query("marker").map(IdentityApi::assignment),
                    KeystonePages.limit(exchange.query("limit"), maxPage)),
                IdentityApi::assignmentId,
                a ->
                    names
                        ? AssignmentRepresentation.from(admin.describe(a), base)
                        : AssignmentRepresentation.from(a, base))));
  }

  /** An assignment has no id of its own: its three ids name it, as the marker of the next page. */
  private static String assignmentId(RoleAssignment assignment) {
    return assignment.projectId().value()
        + ":"
        + assignment.userId().value()
        + ":"
        + assignment.roleId().value();
  }

  private static RoleAssignment assignment(String marker) {
    String[] ids = marker.split(":", -1);
    if (ids.length != 3) {
      throw FaultlineException.badRequest("marker '" + marker + "' is not an entry of this list");
    }
    return new RoleAssignment(new UserId(ids[1]), new ProjectId(ids[0]), new RoleId(ids[2]));
  }

  private static boolean truthy(String value) {
    return value.isEmpty() || value.equalsIgnoreCase("true") || value.equals("1");
  }
}
