package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.identity.ApplicationCredential;
import io.faultline.identity.ApplicationCredentialId;
import io.faultline.identity.Domain;
import io.faultline.identity.DomainId;
import io.faultline.identity.IdentityListFilter;
import io.faultline.identity.IdentityStore;
import io.faultline.identity.Project;
import io.faultline.identity.ProjectId;
import io.faultline.identity.Role;
import io.faultline.identity.RoleAssignment;
import io.faultline.identity.RoleAssignmentFilter;
import io.faultline.identity.RoleId;
import io.faultline.identity.RoleInference;
import io.faultline.identity.Token;
import io.faultline.identity.User;
import io.faultline.identity.UserId;
import io.faultline.tx.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Identity tables. */
public final class JdbiIdentityStore implements IdentityStore {
  private static final RowMapper<Domain> DOMAIN =
      (rs, ctx) ->
          new Domain(
              new DomainId(rs.getString("id")),
              rs.getString("name"),
              rs.getString("description"),
              rs.getBoolean("enabled"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final RowMapper<Project> PROJECT =
      (rs, ctx) ->
          new Project(
              new ProjectId(rs.getString("id")),
              rs.getString("name"),
              new DomainId(rs.getString("domain_id")),
              rs.getString("description"),
              rs.getBoolean("enabled"),
              fromJson(rs.getString("tags"), STRINGS),
              fromJson(rs.getString("extra"), OBJECT));
  private static final RowMapper<User> USER = (rs, ctx) -> user(rs);
  private static final RowMapper<Role> ROLE =
      (rs, ctx) -> new Role(new RoleId(rs.getString("id")), rs.getString("name"));
  private static final RowMapper<RoleAssignment> ASSIGNMENT =
      (rs, ctx) ->
          new RoleAssignment(
              new UserId(rs.getString("user_id")),
              new ProjectId(rs.getString("project_id")),
              new RoleId(rs.getString("role_id")));
  private static final RowMapper<Token> TOKEN =
      (rs, ctx) ->
          new Token(
              rs.getString("secret_hash"),
              new UserId(rs.getString("user_id")),
              Optional.ofNullable(rs.getString("project_id")).map(ProjectId::new),
              Timestamps.fromDatabase(rs.getObject("issued_at", OffsetDateTime.class)),
              Timestamps.fromDatabase(rs.getObject("expires_at", OffsetDateTime.class)),
              rs.getString("audit_id"),
              List.of(rs.getString("methods").split(",", -1)),
              Optional.ofNullable(rs.getString("application_credential_id"))
                  .map(ApplicationCredentialId::new));
  private static final RowMapper<RoleInference> INFERENCE =
      (rs, ctx) ->
          new RoleInference(
              new RoleId(rs.getString("prior_role_id")),
              new RoleId(rs.getString("implied_role_id")));
  private static final RowMapper<ApplicationCredential> APPLICATION_CREDENTIAL =
      (rs, ctx) -> applicationCredential(rs);

  @Override
  public void insertDomain(Transaction tx, Domain domain) {
    handle(tx)
        .execute(
            "INSERT INTO identity_domain (id, name, description, enabled) VALUES (?, ?, ?, ?)",
            domain.id().value(),
            domain.name(),
            domain.description(),
            domain.enabled());
  }

  @Override
  public Optional<Domain> findDomain(Transaction tx, DomainId id) {
    return one(tx, "SELECT * FROM identity_domain WHERE id = ?", DOMAIN, id.value());
  }

  @Override
  public Optional<Domain> findDomainByName(Transaction tx, String name) {
    return one(tx, "SELECT * FROM identity_domain WHERE name = ?", DOMAIN, name);
  }

  @Override
  public List<Domain> listDomains(Transaction tx) {
    return all(tx, "SELECT * FROM identity_domain ORDER BY name", DOMAIN);
  }

  @Override
  public void updateDomain(Transaction tx, Domain domain) {
    handle(tx)
        .execute(
            "UPDATE identity_domain SET name = ?, description = ?, enabled = ? WHERE id = ?",
            domain.name(),
            domain.description(),
            domain.enabled(),
            domain.id().value());
  }

  @Override
  public void deleteDomain(Transaction tx, DomainId id) {
    handle(tx).execute("DELETE FROM identity_user WHERE domain_id = ?", id.value());
    handle(tx).execute("DELETE FROM identity_project WHERE domain_id = ?", id.value());
    handle(tx).execute("DELETE FROM identity_domain WHERE id = ?", id.value());
  }

  @Override
  public void insertProject(Transaction tx, Project project) {
    handle(tx)
        .execute(
            "INSERT INTO identity_project (id, name, domain_id, description, enabled, tags, extra)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
            project.id().value(),
            project.name(),
            project.domainId().value(),
            project.description(),
            project.enabled(),
            toJson(project.tags()),
            toJson(project.extra()));
  }

  @Override
  public void updateProject(Transaction tx, Project project) {
    handle(tx)
        .execute(
            "UPDATE identity_project SET name = ?, description = ?, enabled = ?, tags = ?,"
                + " extra = ? WHERE id = ?",
            project.name(),
            project.description(),
            project.enabled(),
            toJson(project.tags()),
            toJson(project.extra()),
            project.id().value());
  }

  @Override
  public void deleteProject(Transaction tx, ProjectId id) {
    handle(tx).execute("DELETE FROM identity_project WHERE id = ?", id.value());
  }

  @Override
  public Optional<Project> findProject(Transaction tx, ProjectId id) {
    return one(tx, "SELECT * FROM identity_project WHERE id = ?", PROJECT, id.value());
  }

  @Override
  public Optional<Project> findProjectByName(Transaction tx, DomainId domainId, String name) {
    return one(
        tx,
        "SELECT * FROM identity_project WHERE domain_id = ? AND name = ?",
        PROJECT,
        domainId.value(),
        name);
  }

  @Override
  public List<Project> listProjects(Transaction tx) {
    return all(tx, "SELECT * FROM identity_project ORDER BY name", PROJECT);
  }

  @Override
  public List<Project> pageProjects(
      Transaction tx, IdentityListFilter filter, Optional<Project> after, int count) {
    return byName("identity_project", filter)
        .read(tx, after.map(p -> List.of(p.name(), p.id().value())), count, PROJECT);
  }

  @Override
  public void insertUser(Transaction tx, User user) {
    handle(tx)
        .execute(
            "INSERT INTO identity_user (id, name, domain_id, default_project_id, email,"
                + " description, enabled, password_hash, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            user.id().value(),
            user.name(),
            user.domainId().value(),
            user.defaultProjectId().map(ProjectId::value).orElse(null),
            user.email().orElse(null),
            user.description(),
            user.enabled(),
            user.passwordHash().orElse(null),
            toJson(user.extra()));
  }

  @Override
  public void updateUser(Transaction tx, User user) {
    handle(tx)
        .execute(
            "UPDATE identity_user SET name = ?, default_project_id = ?, email = ?,"
                + " description = ?, enabled = ?, password_hash = ?, extra = ? WHERE id = ?",
            user.name(),
            user.defaultProjectId().map(ProjectId::value).orElse(null),
            user.email().orElse(null),
            user.description(),
            user.enabled(),
            user.passwordHash().orElse(null),
            toJson(user.extra()),
            user.id().value());
  }

  @Override
  public void deleteUser(Transaction tx, UserId id) {
    handle(tx).execute("DELETE FROM identity_user WHERE id = ?", id.value());
  }

  @Override
  public Optional<User> findUser(Transaction tx, UserId id) {
    return one(tx, "SELECT * FROM identity_user WHERE id = ?", USER, id.value());
  }

  @Override
  public Optional<User> findUserByName(Transaction tx, DomainId domainId, String name) {
    return one(
        tx,
        "SELECT * FROM identity_user WHERE domain_id = ? AND name = ?",
        USER,
        domainId.value(),
        name);
  }

  @Override
  public List<User> listUsers(Transaction tx) {
    return all(tx, "SELECT * FROM identity_user ORDER BY name", USER);
  }

  @Override
  public List<User> pageUsers(
      Transaction tx, IdentityListFilter filter, Optional<User> after, int count) {
    return byName("identity_user", filter)
        .read(tx, after.map(u -> List.of(u.name(), u.id().value())), count, USER);
  }

  /** Users or projects (the table's) that the filter keeps, in list order: by name, then id. */
  private static KeysetQuery byName(String table, IdentityListFilter filter) {
    KeysetQuery query = new KeysetQuery(table, List.of("name", "id"));
    filter.name().ifPresent(name -> query.equal("name", name));
    filter.domainIds().forEach(domainId -> query.equal("domain_id", domainId));
    filter.enabled().ifPresent(enabled -> query.equal("enabled", enabled));
    return query;
  }

  @Override
  public void insertRole(Transaction tx, Role role) {
    handle(tx)
        .execute(
            "INSERT INTO identity_role (id, name) VALUES (?, ?)", role.id().value(), role.name());
  }

  @Override
  public void deleteRole(Transaction tx, RoleId id) {
    handle(tx).execute("DELETE FROM identity_role WHERE id = ?", id.value());
  }

  @Override
  public Optional<Role> findRole(Transaction tx, RoleId id) {
    return one(tx, "SELECT * FROM identity_role WHERE id = ?", ROLE, id.value());
  }

  @Override
  public Optional<Role> findRoleByName(Transaction tx, String name) {
    return one(tx, "SELECT * FROM identity_role WHERE name = ?", ROLE, name);
  }

  @Override
  public List<Role> listRoles(Transaction tx) {
    return all(tx, "SELECT * FROM identity_role ORDER BY name", ROLE);
  }

  @Override
  public void grant(Transaction tx, RoleAssignment assignment) {
    handle(tx)
        .execute(
            "INSERT INTO identity_assignment (user_id, project_id, role_id)"
                + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM identity_assignment"
                + " WHERE user_id = ? AND project_id = ? AND role_id = ?)",
            assignment.userId().value(),
            assignment.projectId().value(),
            assignment.roleId().value(),
            assignment.userId().value(),
            assignment.projectId().value(),
            assignment.roleId().value());
  }

  @Override
  public boolean revoke(Transaction tx, RoleAssignment assignment) {
    return handle(tx)
            .execute(
                "DELETE FROM identity_assignment WHERE user_id = ? AND project_id = ?"
                    + " AND role_id = ?",
                assignment.userId().value(),
                assignment.projectId().value(),
                assignment.roleId().value())
        > 0;
  }

  @Override
  public List<RoleAssignment> listAssignments(Transaction tx) {
    return all(
        tx, "SELECT * FROM identity_assignment ORDER BY project_id, user_id, role_id", ASSIGNMENT);
  }

  @Override
  public List<RoleAssignment> pageAssignments(
      Transaction tx, RoleAssignmentFilter filter, Optional<RoleAssignment> after, int count) {
    KeysetQuery query =
        new KeysetQuery("identity_assignment", List.of("project_id", "user_id", "role_id"));
    filter.userId().ifPresent(id -> query.equal("user_id", id));
    filter.projectId().ifPresent(id -> query.equal("project_id", id));
    filter.roleId().ifPresent(id -> query.equal("role_id", id));
    return query.read(
        tx,
        after.map(a -> List.of(a.projectId().value(), a.userId().value(), a.roleId().value())),
        count,
        ASSIGNMENT);
  }

  @Override
  public List<Project> listProjectsWithRolesOf(Transaction tx, UserId userId) {
    // The user's grants narrow the projects first (the primary key leads with user_id); the list
    // order is identity_project_list's.
    return handle(tx)
        .select(
            "SELECT p.* FROM identity_project p"
                + " JOIN (SELECT DISTINCT project_id FROM identity_assignment WHERE user_id = ?) a"
                + " ON a.project_id = p.id"
                + " JOIN identity_domain d ON d.id = p.domain_id"
                + " WHERE p.enabled AND d.enabled ORDER BY p.name, p.id",
            userId.value())
        .map(PROJECT)
        .list();
  }

  @Override
  public List<Role> rolesOf(Transaction tx, UserId userId, ProjectId projectId) {
    return handle(tx)
        .select(
            "SELECT r.id, r.name FROM identity_role r JOIN identity_assignment a"
                + " ON a.role_id = r.id WHERE a.user_id = ? AND a.project_id = ? ORDER BY r.name",
            userId.value(),
            projectId.value())
        .map(ROLE)
        .list();
  }

  @Override
  public void insertToken(Transaction tx, Token token) {
    handle(tx)
        .execute(
            "INSERT INTO identity_token (secret_hash, user_id, project_id, issued_at,"
                + " expires_at, audit_id, methods, application_credential_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            token.secretHash(),
            token.userId().value(),
            token.projectId().map(ProjectId::value).orElse(null),
            Timestamps.toDatabase(token.issuedAt()),
            Timestamps.toDatabase(token.expiresAt()),
            token.auditId(),
            String.join(",", token.methods()),
            token.applicationCredentialId().map(ApplicationCredentialId::value).orElse(null));
  }

  @Override
  public Optional<Token> findToken(Transaction tx, String secretHash) {
    return one(tx, "SELECT * FROM identity_token WHERE secret_hash = ?", TOKEN, secretHash);
  }

  @Override
  public void deleteToken(Transaction tx, String secretHash) {
    handle(tx).execute("DELETE FROM identity_token WHERE secret_hash = ?", secretHash);
  }

  @Override
  public int deleteTokensOfUser(Transaction tx, UserId userId) {
    return handle(tx).execute("DELETE FROM identity_token WHERE user_id = ?", userId.value());
  }

  @Override
  public int deleteTokensExpiredBefore(Transaction tx, Instant instant) {
    return handle(tx)
        .execute("DELETE FROM identity_token WHERE expires_at < ?", Timestamps.toDatabase(instant));
  }

  @Override
  public void deleteTokensOf(Transaction tx, UserId userId) {
    handle(tx).execute("DELETE FROM identity_token WHERE user_id = ?", userId.value());
  }

  @Override
  public void insertRoleInference(Transaction tx, RoleInference inference) {
    handle(tx)
        .execute(
            "INSERT INTO identity_implied_role (prior_role_id, implied_role_id)"
                + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM identity_implied_role"
                + " WHERE prior_role_id = ? AND implied_role_id = ?)",
            inference.priorRoleId().value(),
            inference.impliedRoleId().value(),
            inference.priorRoleId().value(),
            inference.impliedRoleId().value());
  }

  @Override
  public boolean deleteRoleInference(Transaction tx, RoleInference inference) {
    return handle(tx)
            .execute(
                "DELETE FROM identity_implied_role WHERE prior_role_id = ?"
                    + " AND implied_role_id = ?",
                inference.priorRoleId().value(),
                inference.impliedRoleId().value())
        > 0;
  }

  @Override
  public List<RoleInference> listRoleInferences(Transaction tx) {
    return all(
        tx,
        "SELECT * FROM identity_implied_role ORDER BY prior_role_id, implied_role_id",
        INFERENCE);
  }

  @Override
  public void insertApplicationCredential(Transaction tx, ApplicationCredential credential) {
    handle(tx)
        .execute(
            "INSERT INTO identity_application_credential (id, user_id, project_id, name,"
                + " description, secret_hash, expires_at, unrestricted, role_ids)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            credential.id().value(),
            credential.userId().value(),
            credential.projectId().value(),
            credential.name(),
            credential.description(),
            credential.secretHash(),
            credential.expiresAt().map(Timestamps::toDatabase).orElse(null),
            credential.unrestricted(),
            String.join(",", credential.roleIds().stream().map(RoleId::value).toList()));
  }

  @Override
  public Optional<ApplicationCredential> findApplicationCredential(
      Transaction tx, ApplicationCredentialId id) {
    return one(
        tx,
        "SELECT * FROM identity_application_credential WHERE id = ?",
        APPLICATION_CREDENTIAL,
        id.value());
  }

  @Override
  public List<ApplicationCredential> listApplicationCredentials(Transaction tx, UserId userId) {
    return handle(tx)
        .select(
            "SELECT * FROM identity_application_credential WHERE user_id = ? ORDER BY name",
            userId.value())
        .map(APPLICATION_CREDENTIAL)
        .list();
  }

  @Override
  public void deleteApplicationCredential(Transaction tx, ApplicationCredentialId id) {
    handle(tx)
        .execute("DELETE FROM identity_token WHERE application_credential_id = ?", id.value());
    handle(tx).execute("DELETE FROM identity_application_credential WHERE id = ?", id.value());
  }

  private static ApplicationCredential applicationCredential(ResultSet rs) throws SQLException {
    String roles = rs.getString("role_ids");
    OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
    return new ApplicationCredential(
        new ApplicationCredentialId(rs.getString("id")),
        new UserId(rs.getString("user_id")),
        new ProjectId(rs.getString("project_id")),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("secret_hash"),
        Optional.ofNullable(expires).map(Timestamps::fromDatabase),
        rs.getBoolean("unrestricted"),
        roles.isEmpty()
            ? List.of()
            : java.util.Arrays.stream(roles.split(",", -1)).map(RoleId::new).toList());
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + e.getMessage(), e);
    }
  }

  private static <T> T fromJson(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is malformed: " + e.getMessage(), e);
    }
  }

  private static <T> Optional<T> one(
      Transaction tx, String sql, RowMapper<T> mapper, Object... arguments) {
    return handle(tx).select(sql, arguments).map(mapper).findOne();
  }

  private static <T> List<T> all(Transaction tx, String sql, RowMapper<T> mapper) {
    return handle(tx).select(sql).map(mapper).list();
  }

  private static User user(ResultSet rs) throws SQLException {
    return new User(
        new UserId(rs.getString("id")),
        rs.getString("name"),
        new DomainId(rs.getString("domain_id")),
        Optional.ofNullable(rs.getString("default_project_id")).map(ProjectId::new),
        Optional.ofNullable(rs.getString("email")),
        rs.getString("description"),
        rs.getBoolean("enabled"),
        Optional.ofNullable(rs.getString("password_hash")),
        fromJson(rs.getString("extra"), OBJECT));
  }
}
