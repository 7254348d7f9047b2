package io.faultline.identity;

import static io.faultline.error.FaultlineException.badRequest;
import static io.faultline.error.FaultlineException.notFound;
import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.paging.Page;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Keystone's administrative resources: domains, projects, users, roles and role assignments. */
public final class IdentityAdminService {
  private final IdentityStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final PasswordHasher hasher;
  private final IdentityService identity;

  public IdentityAdminService(
      IdentityStore store, Transactor transactor, PasswordHasher hasher, IdentityService identity) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.hasher = requireNonNull(hasher, "hasher is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.policy = identity.policy();
  }

  /** What a create or update request says; absent fields are left as they are on update. */
  public record ProjectDraft(
      Optional<String> name,
      Optional<String> domainId,
      Optional<String> description,
      Optional<Boolean> enabled,
      Optional<List<String>> tags,
      Map<String, Object> extra) {}

  public record UserDraft(
      Optional<String> name,
      Optional<String> domainId,
      Optional<String> defaultProjectId,
      Optional<String> email,
      Optional<String> description,
      Optional<Boolean> enabled,
      Optional<String> password,
      Map<String, Object> extra) {}

  // Projects

  public Project createProject(Credentials caller, ProjectDraft draft) {
    policy.authorize(IdentityPolicies.CREATE_PROJECT, caller, Map.of());
    String name = required(draft.name(), "project.name");
    DomainId domainId = new DomainId(draft.domainId().orElse(Domain.DEFAULT_ID.value()));
    return transactor.inTransaction(
        tx -> {
          domain(tx, domainId.value());
          if (store.findProjectByName(tx, domainId, name).isPresent()) {
            throw IdentityService.duplicate("project");
          }
          Project project =
              new Project(
                  new ProjectId(IdentityService.newId()),
                  name,
                  domainId,
                  draft.description().orElse(""),
                  draft.enabled().orElse(true),
                  draft.tags().orElse(List.of()),
                  draft.extra());
          store.insertProject(tx, project);
          return project;
        });
  }

  /**
   * A page of the projects that {@code filter} keeps, in list order, after the project {@code
   * marker} (a 400 when the list holds no such project), at most {@code limit}: read from the store
   * a page at a time, never whole.
   */
  public Page<Project> pageProjects(
      Credentials caller, IdentityListFilter filter, Optional<String> marker, int limit) {
    policy.authorize(IdentityPolicies.LIST_PROJECTS, caller, Map.of());
    return transactor.inTransaction(
        tx -> {
          Optional<Project> after =
              marker.map(
                  id ->
                      store
                          .findProject(tx, new ProjectId(id))
                          .filter(filter::matches)
                          .orElseThrow(() -> badMarker(id)));
          return Page.of(store.pageProjects(tx, filter, after, limit + 1), limit);
        });
  }

  public Project getProject(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.GET_PROJECT, caller, Map.of("target.project.id", id));
    return transactor.inTransaction(tx -> project(tx, id));
  }

  public Project updateProject(Credentials caller, String id, ProjectDraft draft) {
    policy.authorize(IdentityPolicies.UPDATE_PROJECT, caller, Map.of("target.project.id", id));
    Project updated =
        transactor.inTransaction(
            tx -> {
              Project current = project(tx, id);
              String name = draft.name().orElse(current.name());
              if (!name.equals(current.name())
                  && store.findProjectByName(tx, current.domainId(), name).isPresent()) {
                throw IdentityService.duplicate("project");
              }
              Project project =
                  new Project(
                      current.id(),
                      name,
                      current.domainId(),
                      draft.description().orElse(current.description()),
                      draft.enabled().orElse(current.enabled()),
                      draft.tags().orElse(current.tags()),
                      merge(current.extra(), draft.extra()));
              store.updateProject(tx, project);
              return project;
            });
    identity.invalidateCache();
    return updated;
  }

  public void deleteProject(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.DELETE_PROJECT, caller, Map.of("target.project.id", id));
    transactor.run(
        tx -> {
          project(tx, id);
          store.deleteProject(tx, new ProjectId(id));
        });
    identity.invalidateCache();
  }

  // Users

  public User createUser(Credentials caller, UserDraft draft) {
    policy.authorize(IdentityPolicies.CREATE_USER, caller, Map.of());
    String name = required(draft.name(), "user.name");
    DomainId domainId = new DomainId(draft.domainId().orElse(Domain.DEFAULT_ID.value()));
    Optional<String> hash = draft.password().map(hasher::hash);
    return transactor.inTransaction(
        tx -> {
          domain(tx, domainId.value());
          if (store.findUserByName(tx, domainId, name).isPresent()) {
            throw IdentityService.duplicate("user");
          }
          Optional<ProjectId> defaultProject = draft.defaultProjectId().map(ProjectId::new);
          defaultProject.ifPresent(p -> project(tx, p.value()));
          User user =
              new User(
                  new UserId(IdentityService.newId()),
                  name,
                  domainId,
                  defaultProject,
                  draft.email(),
                  draft.description().orElse(""),
                  draft.enabled().orElse(true),
                  hash,
                  draft.extra());
          store.insertUser(tx, user);
          return user;
        });
  }

  /**
   * A page of the users that {@code filter} keeps, in list order, after the user {@code marker} (a
   * 400 when the list holds no such user), at most {@code limit}: read from the store a page at a
   * time, never whole.
   */
  public Page<User> pageUsers(
      Credentials caller, IdentityListFilter filter, Optional<String> marker, int limit) {
    policy.authorize(IdentityPolicies.LIST_USERS, caller, Map.of());
    return transactor.inTransaction(
        tx -> {
          Optional<User> after =
              marker.map(
                  id ->
                      store
                          .findUser(tx, new UserId(id))
                          .filter(filter::matches)
                          .orElseThrow(() -> badMarker(id)));
          return Page.of(store.pageUsers(tx, filter, after, limit + 1), limit);
        });
  }

  public User getUser(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.GET_USER, caller, Map.of("target.user.id", id));
    return transactor.inTransaction(tx -> user(tx, id));
  }

  public User updateUser(Credentials caller, String id, UserDraft draft) {
    policy.authorize(IdentityPolicies.UPDATE_USER, caller, Map.of("target.user.id", id));
    Optional<String> newHash = draft.password().map(hasher::hash);
    User updated =
        transactor.inTransaction(
            tx -> {
              User current = user(tx, id);
              String name = draft.name().orElse(current.name());
              if (!name.equals(current.name())
                  && store.findUserByName(tx, current.domainId(), name).isPresent()) {
                throw IdentityService.duplicate("user");
              }
              User user =
                  new User(
                      current.id(),
                      name,
                      current.domainId(),
                      draft.defaultProjectId().map(ProjectId::new).or(current::defaultProjectId),
                      draft.email().or(current::email),
                      draft.description().orElse(current.description()),
                      draft.enabled().orElse(current.enabled()),
                      newHash.or(current::passwordHash),
                      merge(current.extra(), draft.extra()));
              store.updateUser(tx, user);
              if (newHash.isPresent()) {
                identity.revokeTokensOf(tx, user.id());
              }
              return user;
            });
    identity.invalidateCache();
    return updated;
  }

  /** {@code GET /v3/users/{id}/projects}: the enabled projects the user has a role on. */
  public List<Project> listUserProjects(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.LIST_USER_PROJECTS, caller, Map.of("target.user.id", id));
    return transactor.inTransaction(tx -> identity.projectsWithRoles(tx, user(tx, id).id()));
  }

  public void deleteUser(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.DELETE_USER, caller, Map.of("target.user.id", id));
    transactor.run(
        tx -> {
          user(tx, id);
          store.deleteUser(tx, new UserId(id));
        });
    identity.invalidateCache();
  }

  // Roles

  public Role createRole(Credentials caller, String name) {
    policy.authorize(IdentityPolicies.CREATE_ROLE, caller, Map.of());
    return transactor.inTransaction(tx -> insertRole(tx, name));
  }

  public List<Role> listRoles(Credentials caller, Optional<String> name) {
    policy.authorize(IdentityPolicies.LIST_ROLES, caller, Map.of());
    return transactor.inTransaction(
        tx -> filter(store.listRoles(tx), r -> name.map(r.name()::equals).orElse(true)));
  }

  public Role getRole(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.GET_ROLE, caller, Map.of());
    return transactor.inTransaction(tx -> role(tx, id));
  }

  public void deleteRole(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.DELETE_ROLE, caller, Map.of());
    transactor.run(
        tx -> {
          role(tx, id);
          store.deleteRole(tx, new RoleId(id));
        });
    identity.invalidateCache();
  }

  // Grants

  public void grant(Credentials caller, String projectId, String userId, String roleId) {
    policy.authorize(IdentityPolicies.CREATE_GRANT, caller, Map.of("project_id", projectId));
    transactor.run(tx -> store.grant(tx, assignment(tx, projectId, userId, roleId)));
    identity.invalidateCache();
  }

  public void checkGrant(Credentials caller, String projectId, String userId, String roleId) {
    policy.authorize(IdentityPolicies.CHECK_GRANT, caller, Map.of("project_id", projectId));
    transactor.run(
        tx -> {
          RoleAssignment assignment = assignment(tx, projectId, userId, roleId);
          if (!granted(tx, assignment)) {
            throw notFound("Could not find role assignment.");
          }
        });
  }

  public void revokeGrant(Credentials caller, String projectId, String userId, String roleId) {
    policy.authorize(IdentityPolicies.REVOKE_GRANT, caller, Map.of("project_id", projectId));
    transactor.run(
        tx -> {
          if (!store.revoke(tx, assignment(tx, projectId, userId, roleId))) {
            throw notFound("Could not find role assignment.");
          }
        });
    identity.invalidateCache();
  }

  public List<Role> listGrants(Credentials caller, String projectId, String userId) {
    policy.authorize(IdentityPolicies.LIST_GRANTS, caller, Map.of("project_id", projectId));
    return transactor.inTransaction(
        tx -> {
          project(tx, projectId);
          user(tx, userId);
          return store.rolesOf(tx, new UserId(userId), new ProjectId(projectId));
        });
  }

  /**
   * A page of the role assignments that {@code filter} keeps, in list order, after the assignment
   * {@code marker} (a 400 when the list holds no such assignment), at most {@code limit}: read from
   * the store a page at a time, never whole.
   */
  public Page<RoleAssignment> pageAssignments(
      Credentials caller, RoleAssignmentFilter filter, Optional<RoleAssignment> marker, int limit) {
    policy.authorize(IdentityPolicies.LIST_ROLE_ASSIGNMENTS, caller, Map.of());
    return transactor.inTransaction(
        tx -> {
          if (marker.isPresent()) {
            RoleAssignment after = marker.get();
            if (!filter.matches(after) || !granted(tx, after)) {
              throw badMarker(
                  after.projectId().value()
                      + ":"
                      + after.userId().value()
                      + ":"
                      + after.roleId().value());
            }
          }
          return Page.of(store.pageAssignments(tx, filter, marker, limit + 1), limit);
        });
  }

  /** Whether the assignment exists: one read of the user's roles on the project. */
  private boolean granted(Transaction tx, RoleAssignment assignment) {
    return store.rolesOf(tx, assignment.userId(), assignment.projectId()).stream()
        .anyMatch(role -> role.id().equals(assignment.roleId()));
  }

  private static FaultlineException badMarker(String marker) {
    return badRequest("marker '" + marker + "' is not an entry of this list");
  }

  /** An assignment with the objects it names, for {@code include_names}. */
  public record NamedAssignment(
      RoleAssignment assignment,
      User user,
      Domain userDomain,
      Project project,
      Domain projectDomain,
      Role role) {}

  public NamedAssignment describe(RoleAssignment assignment) {
    return transactor.inTransaction(
        tx -> {
          User user = user(tx, assignment.userId().value());
          Project project = project(tx, assignment.projectId().value());
          return new NamedAssignment(
              assignment,
              user,
              domain(tx, user.domainId().value()),
              project,
              domain(tx, project.domainId().value()),
              role(tx, assignment.roleId().value()));
        });
  }

  // Look-ups shared with bootstrap

  Role insertRole(Transaction tx, String name) {
    if (name == null || name.isBlank()) {
      throw badRequest("role.name is required");
    }
    if (store.findRoleByName(tx, name).isPresent()) {
      throw IdentityService.duplicate("role");
    }
    Role role = new Role(new RoleId(IdentityService.newId()), name);
    store.insertRole(tx, role);
    return role;
  }

  private RoleAssignment assignment(
      Transaction tx, String projectId, String userId, String roleId) {
    return new RoleAssignment(
        user(tx, userId).id(), project(tx, projectId).id(), role(tx, roleId).id());
  }

  private Domain domain(Transaction tx, String id) {
    return store
        .findDomain(tx, new DomainId(id))
        .orElseThrow(() -> notFound("Could not find domain: " + id + "."));
  }

  private Project project(Transaction tx, String id) {
    return store
        .findProject(tx, new ProjectId(id))
        .orElseThrow(() -> notFound("Could not find project: " + id + "."));
  }

  private User user(Transaction tx, String id) {
    return store
        .findUser(tx, new UserId(id))
        .orElseThrow(() -> notFound("Could not find user: " + id + "."));
  }

  private Role role(Transaction tx, String id) {
    return store
        .findRole(tx, new RoleId(id))
        .orElseThrow(() -> notFound("Could not find role: " + id + "."));
  }

  /** Keystone's PATCH of extra attributes: the keys given replace theirs, others stay. */
  private static Map<String, Object> merge(
      Map<String, Object> current, Map<String, Object> update) {
    Map<String, Object> merged = new java.util.LinkedHashMap<>(current);
    merged.putAll(update);
    return merged;
  }

  private static String required(Optional<String> value, String field) {
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> badRequest("'" + field + "' is a required property"));
  }

  private static <T> List<T> filter(List<T> items, Predicate<T> keep) {
    return items.stream().filter(keep).toList();
  }
}
