package io.faultline.server.api.identity;

import io.faultline.identity.AuthenticatedToken;
import io.faultline.identity.CatalogEntry;
import io.faultline.identity.Domain;
import io.faultline.identity.Project;
import io.faultline.identity.Role;
import io.faultline.identity.RoleAssignment;
import io.faultline.identity.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Keystone v3 wire shapes of identity objects. */
final class IdentityRepresentations {
  private static final DateTimeFormatter KEYSTONE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final List<String> INTERFACES = List.of("public", "internal", "admin");

  private IdentityRepresentations() {}

  static String time(Instant instant) {
    return KEYSTONE_TIME.format(instant);
  }

  static Map<String, Object> versionEntry(String baseUrl) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", "v3.14");
    entry.put("status", "stable");
    entry.put("updated", "2020-04-07T00:00:00Z");
    entry.put("links", List.of(Map.of("rel", "self", "href", baseUrl + "/v3/")));
    entry.put(
        "media-types",
        List.of(
            Map.of(
                "base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
    return entry;
  }

  static Map<String, Object> domain(Domain domain, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", domain.id().value());
    body.put("name", domain.name());
    body.put("description", domain.description());
    body.put("enabled", domain.enabled());
    body.put("tags", List.of());
    body.put("options", Map.of());
    body.put("links", self(baseUrl + "/v3/domains/" + domain.id().value()));
    return body;
  }

  static Map<String, Object> project(Project project, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>(project.extra());
    body.put("id", project.id().value());
    body.put("name", project.name());
    body.put("domain_id", project.domainId().value());
    body.put("description", project.description());
    body.put("enabled", project.enabled());
    body.put("is_domain", false);
    body.put("parent_id", project.domainId().value());
    body.put("tags", project.tags());
    body.put("options", Map.of());
    body.put("links", self(baseUrl + "/v3/projects/" + project.id().value()));
    return body;
  }

  /** A domain as Keystone shows it among projects: a project acting as a domain. */
  static Map<String, Object> domainAsProject(Domain domain, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", domain.id().value());
    body.put("name", domain.name());
    body.put("domain_id", null);
    body.put("description", domain.description());
    body.put("enabled", domain.enabled());
    body.put("is_domain", true);
    body.put("parent_id", null);
    body.put("tags", List.of());
    body.put("options", Map.of());
    body.put("links", self(baseUrl + "/v3/projects/" + domain.id().value()));
    return body;
  }

  static Map<String, Object> user(User user, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>(user.extra());
    body.put("id", user.id().value());
    body.put("name", user.name());
    body.put("domain_id", user.domainId().value());
    body.put("enabled", user.enabled());
    user.defaultProjectId().ifPresent(id -> body.put("default_project_id", id.value()));
    user.email().ifPresent(email -> body.put("email", email));
    if (!user.description().isEmpty()) {
      body.put("description", user.description());
    }
    body.put("password_expires_at", null);
    body.put("options", Map.of());
    body.put("links", self(baseUrl + "/v3/users/" + user.id().value()));
    return body;
  }

  static Map<String, Object> role(Role role, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", role.id().value());
    body.put("name", role.name());
    body.put("domain_id", null);
    body.put("description", null);
    body.put("options", Map.of());
    body.put("links", self(baseUrl + "/v3/roles/" + role.id().value()));
    return body;
  }

  static Map<String, Object> assignment(RoleAssignment assignment, String baseUrl) {
    return Map.of(
        "role", Map.of("id", assignment.roleId().value()),
        "user", Map.of("id", assignment.userId().value()),
        "scope", Map.of("project", Map.of("id", assignment.projectId().value())),
        "links",
            Map.of(
                "assignment",
                baseUrl
                    + "/v3/projects/"
                    + assignment.projectId().value()
                    + "/users/"
                    + assignment.userId().value()
                    + "/roles/"
                    + assignment.roleId().value()));
  }

  /** An assignment with the names of its user, project, role and their domains. */
  static Map<String, Object> assignment(
      io.faultline.identity.IdentityAdminService.NamedAssignment named, String baseUrl) {
    Map<String, Object> body = new LinkedHashMap<>(assignment(named.assignment(), baseUrl));
    body.put("role", nameAndId(named.role().id().value(), named.role().name()));
    Map<String, Object> user = nameAndId(named.user().id().value(), named.user().name());
    user.put("domain", nameAndId(named.userDomain().id().value(), named.userDomain().name()));
    body.put("user", user);
    Map<String, Object> project = nameAndId(named.project().id().value(), named.project().name());
    project.put(
        "domain", nameAndId(named.projectDomain().id().value(), named.projectDomain().name()));
    body.put("scope", Map.of("project", project));
    return body;
  }

  static Map<String, Object> list(String key, List<?> items, String selfUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, items);
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", selfUrl);
    links.put("previous", null);
    links.put("next", null);
    body.put("links", links);
    return body;
  }

  /** The {@code token} body of an issued or validated token. */
  static Map<String, Object> token(
      AuthenticatedToken token, List<CatalogEntry> catalog, String region, boolean withCatalog) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("methods", token.token().methods());
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("domain", nameAndId(token.userDomain().id().value(), token.userDomain().name()));
    user.put("id", token.user().id().value());
    user.put("name", token.user().name());
    user.put("password_expires_at", null);
    body.put("user", user);
    body.put("audit_ids", List.of(token.token().auditId()));
    body.put("expires_at", time(token.token().expiresAt()));
    body.put("issued_at", time(token.token().issuedAt()));
    token
        .project()
        .ifPresent(
            project -> {
              Map<String, Object> scoped = new LinkedHashMap<>();
              Domain domain = token.projectDomain().orElseThrow();
              scoped.put("domain", nameAndId(domain.id().value(), domain.name()));
              scoped.put("id", project.id().value());
              scoped.put("name", project.name());
              body.put("project", scoped);
              body.put("is_domain", false);
              body.put(
                  "roles",
                  token.roles().stream()
                      .map(role -> nameAndId(role.id().value(), role.name()))
                      .toList());
              if (withCatalog) {
                body.put("catalog", catalog(catalog, region));
              }
            });
    token
        .applicationCredential()
        .ifPresent(
            credential -> {
              Map<String, Object> used = new LinkedHashMap<>();
              used.put("id", credential.id().value());
              used.put("name", credential.name());
              used.put("restricted", !credential.unrestricted());
              body.put("application_credential", used);
            });
    return body;
  }

  static List<Map<String, Object>> catalog(List<CatalogEntry> entries, String region) {
    List<Map<String, Object>> services = new ArrayList<>();
    for (CatalogEntry entry : entries) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (String anInterface : INTERFACES) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("id", stableId(entry.type() + "/" + anInterface));
        endpoint.put("interface", anInterface);
        endpoint.put("region", region);
        endpoint.put("region_id", region);
        endpoint.put("url", entry.url());
        endpoints.add(endpoint);
      }
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("endpoints", endpoints);
      service.put("id", stableId(entry.type()));
      service.put("type", entry.type());
      service.put("name", entry.name());
      services.add(service);
    }
    return services;
  }

  private static Map<String, Object> nameAndId(String id, String name) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", id);
    map.put("name", name);
    return map;
  }

  private static Map<String, Object> self(String url) {
    return Map.of("self", url);
  }

  private static String stableId(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }
}
