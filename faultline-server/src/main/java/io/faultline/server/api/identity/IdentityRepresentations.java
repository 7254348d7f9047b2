package io.faultline.server.api.identity;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.identity.AuthenticatedToken;
import io.faultline.identity.CatalogEntry;
import io.faultline.identity.Domain;
import io.faultline.identity.IdentityAdminService.NamedAssignment;
import io.faultline.identity.Project;
import io.faultline.identity.Role;
import io.faultline.identity.RoleAssignment;
import io.faultline.identity.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

  /** A resource's {@code links}: its own address. */
  record SelfLink(String self) {}

  /** A collection's {@code links}: Keystone pages nothing, so previous and next are null. */
  record CollectionLinks(String self, String previous, String next) {
    static CollectionLinks of(String self) {
      return new CollectionLinks(self, null, null);
    }
  }

  record Link(String rel, String href) {}

  record MediaType(String base, String type) {}

  /** The one API version this server speaks. */
  record VersionEntry(
      String id,
      String status,
      String updated,
      List<Link> links,
      @JsonProperty("media-types") List<MediaType> mediaTypes) {
    static VersionEntry of(String baseUrl) {
      return new VersionEntry(
          "v3.14",
          "stable",
          "2020-04-07T00:00:00Z",
          List.of(new Link("self", baseUrl + "/v3/")),
          List.of(new MediaType("application/json", "application/vnd.openstack.identity-v3+json")));
    }
  }

  record VersionBody(VersionEntry version) {}

  record VersionValues(List<VersionEntry> values) {}

  record VersionsBody(VersionValues versions) {}

  /**
   * A project, or a domain shown as the project that acts as it ({@code is_domain} true). The extra
   * attributes a client stored with the project stand beside the known ones.
   */
  record ProjectRepresentation(
      String id,
      String name,
      @JsonProperty("domain_id") String domainId,
      String description,
      boolean enabled,
      @JsonProperty("is_domain") boolean isDomain,
      @JsonProperty("parent_id") String parentId,
      List<String> tags,
      Map<String, Object> options,
      SelfLink links,
      @JsonAnyGetter Map<String, Object> extra) {
    static ProjectRepresentation from(Project project, String baseUrl) {
      return new ProjectRepresentation(
          project.id().value(),
          project.name(),
          project.domainId().value(),
          project.description(),
          project.enabled(),
          false,
          project.domainId().value(),
          project.tags(),
          Map.of(),
          new SelfLink(baseUrl + "/v3/projects/" + project.id().value()),
          project.extra());
    }

    /** A domain as Keystone shows it among projects: a project acting as a domain. */
    static ProjectRepresentation fromDomain(Domain domain, String baseUrl) {
      return new ProjectRepresentation(
          domain.id().value(),
          domain.name(),
          null,
          domain.description(),
          domain.enabled(),
          true,
          null,
          List.of(),
          Map.of(),
          new SelfLink(baseUrl + "/v3/projects/" + domain.id().value()),
          Map.of());
    }
  }

  record ProjectBody(ProjectRepresentation project) {}

  record ProjectList(List<ProjectRepresentation> projects, CollectionLinks links) {}

  /** A user; the optional attributes it does not have are absent, not null. */
  record UserRepresentation(
      String id,
      String name,
      @JsonProperty("domain_id") String domainId,
      boolean enabled,
      @JsonProperty("default_project_id") @JsonInclude(Include.NON_NULL) String defaultProjectId,
      @JsonInclude(Include.NON_NULL) String email,
      @JsonInclude(Include.NON_NULL) String description,
      @JsonProperty("password_expires_at") String passwordExpiresAt,
      Map<String, Object> options,
      SelfLink links,
      @JsonAnyGetter Map<String, Object> extra) {
    static UserRepresentation from(User user, String baseUrl) {
      return new UserRepresentation(
          user.id().value(),
          user.name(),
          user.domainId().value(),
          user.enabled(),
          user.defaultProjectId().map(id -> id.value()).orElse(null),
          user.email().orElse(null),
          user.description().isEmpty() ? null : user.description(),
          null,
          Map.of(),
          new SelfLink(baseUrl + "/v3/users/" + user.id().value()),
          user.extra());
    }
  }

  record UserBody(UserRepresentation user) {}

  record RoleRepresentation(
      String id,
      String name,
      @JsonProperty("domain_id") String domainId,
      String description,
      Map<String, Object> options,
      SelfLink links) {
    static RoleRepresentation from(Role role, String baseUrl) {
      return new RoleRepresentation(
          role.id().value(),
          role.name(),
          null,
          null,
          Map.of(),
          new SelfLink(baseUrl + "/v3/roles/" + role.id().value()));
    }
  }

  record RoleBody(RoleRepresentation role) {}

  record RoleList(List<RoleRepresentation> roles, CollectionLinks links) {}

  /** An identity object named by id, with its name and domain where the answer gives them. */
  record Reference(
      String id,
      @JsonInclude(Include.NON_NULL) String name,
      @JsonInclude(Include.NON_NULL) Reference domain) {
    static Reference of(String id) {
      return new Reference(id, null, null);
    }

    static Reference named(String id, String name) {
      return new Reference(id, name, null);
    }

    static Reference of(Domain domain) {
      return named(domain.id().value(), domain.name());
    }
  }

  record AssignmentScope(Reference project) {}

  record AssignmentLinks(String assignment) {}

  record AssignmentRepresentation(
      Reference role, Reference user, AssignmentScope scope, AssignmentLinks links) {
    static AssignmentRepresentation from(RoleAssignment assignment, String baseUrl) {
      return new AssignmentRepresentation(
          Reference.of(assignment.roleId().value()),
          Reference.of(assignment.userId().value()),
          new AssignmentScope(Reference.of(assignment.projectId().value())),
          links(assignment, baseUrl));
    }

    /** An assignment with the names of its user, project, role and their domains. */
    static AssignmentRepresentation from(NamedAssignment named, String baseUrl) {
      return new AssignmentRepresentation(
          Reference.named(named.role().id().value(), named.role().name()),
          new Reference(
              named.user().id().value(), named.user().name(), Reference.of(named.userDomain())),
          new AssignmentScope(
              new Reference(
                  named.project().id().value(),
                  named.project().name(),
                  Reference.of(named.projectDomain()))),
          links(named.assignment(), baseUrl));
    }

    private static AssignmentLinks links(RoleAssignment assignment, String baseUrl) {
      return new AssignmentLinks(
          baseUrl
              + "/v3/projects/"
              + assignment.projectId().value()
              + "/users/"
              + assignment.userId().value()
              + "/roles/"
              + assignment.roleId().value());
    }
  }

  record TokenUser(
      Reference domain,
      String id,
      String name,
      @JsonProperty("password_expires_at") String passwordExpiresAt) {}

  record TokenProject(Reference domain, String id, String name) {}

  record UsedApplicationCredential(String id, String name, boolean restricted) {}

  /**
   * The {@code token} body of an issued or validated token. An unscoped token has no project, roles
   * or catalog keys at all; only a token from an application credential names it.
   */
  record TokenRepresentation(
      List<String> methods,
      TokenUser user,
      @JsonProperty("audit_ids") List<String> auditIds,
      @JsonProperty("expires_at") String expiresAt,
      @JsonProperty("issued_at") String issuedAt,
      @JsonInclude(Include.NON_NULL) TokenProject project,
      @JsonProperty("is_domain") @JsonInclude(Include.NON_NULL) Boolean isDomain,
      @JsonInclude(Include.NON_NULL) List<Reference> roles,
      @JsonInclude(Include.NON_NULL) List<CatalogService> catalog,
      @JsonProperty("application_credential") @JsonInclude(Include.NON_NULL)
          UsedApplicationCredential applicationCredential) {
    static TokenRepresentation from(
        AuthenticatedToken token, List<CatalogEntry> catalog, String region, boolean withCatalog) {
      TokenUser user =
          new TokenUser(
              Reference.of(token.userDomain()),
              token.user().id().value(),
              token.user().name(),
              null);
      TokenProject project =
          token
              .project()
              .map(
                  scoped ->
                      new TokenProject(
                          Reference.of(token.projectDomain().orElseThrow()),
                          scoped.id().value(),
                          scoped.name()))
              .orElse(null);
      boolean scoped = project != null;
      return new TokenRepresentation(
          token.token().methods(),
          user,
          List.of(token.token().auditId()),
          time(token.token().expiresAt()),
          time(token.token().issuedAt()),
          project,
          scoped ? Boolean.FALSE : null,
          scoped
              ? token.roles().stream()
                  .map(role -> Reference.named(role.id().value(), role.name()))
                  .toList()
              : null,
          scoped && withCatalog ? IdentityRepresentations.catalog(catalog, region) : null,
          token
              .applicationCredential()
              .map(
                  credential ->
                      new UsedApplicationCredential(
                          credential.id().value(), credential.name(), !credential.unrestricted()))
              .orElse(null));
    }
  }

  record TokenBody(TokenRepresentation token) {}

  record Endpoint(
      String id,
      @JsonProperty("interface") String anInterface,
      String region,
      @JsonProperty("region_id") String regionId,
      String url) {}

  record CatalogService(List<Endpoint> endpoints, String id, String type, String name) {}

  record CatalogBody(List<CatalogService> catalog, SelfLink links) {}

  static List<CatalogService> catalog(List<CatalogEntry> entries, String region) {
    return entries.stream()
        .map(
            entry ->
                new CatalogService(
                    INTERFACES.stream()
                        .map(
                            anInterface ->
                                new Endpoint(
                                    stableId(entry.type() + "/" + anInterface),
                                    anInterface,
                                    region,
                                    region,
                                    entry.url()))
                        .toList(),
                    stableId(entry.type()),
                    entry.type(),
                    entry.name()))
        .toList();
  }

  private static String stableId(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }
}
