package io.faultline.identity;

import io.faultline.tx.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable storage of domains, projects, users, roles, grants and tokens. */
public interface IdentityStore {
  void insertDomain(Transaction tx, Domain domain);

  Optional<Domain> findDomain(Transaction tx, DomainId id);

  Optional<Domain> findDomainByName(Transaction tx, String name);

  List<Domain> listDomains(Transaction tx);

  void updateDomain(Transaction tx, Domain domain);

  /** Deletes a domain with its projects and users (and so their grants and tokens). */
  void deleteDomain(Transaction tx, DomainId id);

  void insertProject(Transaction tx, Project project);

  void updateProject(Transaction tx, Project project);

  void deleteProject(Transaction tx, ProjectId id);

  Optional<Project> findProject(Transaction tx, ProjectId id);

  Optional<Project> findProjectByName(Transaction tx, DomainId domainId, String name);

  List<Project> listProjects(Transaction tx);

  /**
   * Part of the projects that {@code filter} keeps, in list order (by name, then id): at most
   * {@code count} of those after {@code after} in that order.
   */
  List<Project> pageProjects(
      Transaction tx, IdentityListFilter filter, Optional<Project> after, int count);

  void insertUser(Transaction tx, User user);

  void updateUser(Transaction tx, User user);

  void deleteUser(Transaction tx, UserId id);

  Optional<User> findUser(Transaction tx, UserId id);

  Optional<User> findUserByName(Transaction tx, DomainId domainId, String name);

  List<User> listUsers(Transaction tx);

  /**
   * Part of the users that {@code filter} keeps, in list order (by name, then id): at most {@code
   * count} of those after {@code after} in that order.
   */
  List<User> pageUsers(Transaction tx, IdentityListFilter filter, Optional<User> after, int count);

  void insertRole(Transaction tx, Role role);

  void deleteRole(Transaction tx, RoleId id);

  Optional<Role> findRole(Transaction tx, RoleId id);

  Optional<Role> findRoleByName(Transaction tx, String name);

  List<Role> listRoles(Transaction tx);

  /** Grants a role; granting an existing assignment again changes nothing. */
  void grant(Transaction tx, RoleAssignment assignment);

  /** Returns whether the assignment existed. */
  boolean revoke(Transaction tx, RoleAssignment assignment);

  List<RoleAssignment> listAssignments(Transaction tx);

  /**
   * Part of the assignments that {@code filter} keeps, in list order (by project, user, then role
   * id): at most {@code count} of those after {@code after} in that order.
   */
  List<RoleAssignment> pageAssignments(
      Transaction tx, RoleAssignmentFilter filter, Optional<RoleAssignment> after, int count);

  /**
   * The enabled projects, in enabled domains, on which the user holds a role (each once, whatever
   * the number of its roles there), in list order (by name, then id).
   */
  List<Project> listProjectsWithRolesOf(Transaction tx, UserId userId);

  /** The roles granted directly to a user on a project. */
  List<Role> rolesOf(Transaction tx, UserId userId, ProjectId projectId);

  void insertToken(Transaction tx, Token token);

  Optional<Token> findToken(Transaction tx, String secretHash);

  void deleteToken(Transaction tx, String secretHash);

  /** Deletes every token of a user; returns how many there were. */
  int deleteTokensOfUser(Transaction tx, UserId userId);

  int deleteTokensExpiredBefore(Transaction tx, Instant instant);

  /** Revokes every token of a user, as a password change does. */
  void deleteTokensOf(Transaction tx, UserId userId);

  void insertRoleInference(Transaction tx, RoleInference inference);

  /** Returns whether the inference existed. */
  boolean deleteRoleInference(Transaction tx, RoleInference inference);

  List<RoleInference> listRoleInferences(Transaction tx);

  void insertApplicationCredential(Transaction tx, ApplicationCredential credential);

  Optional<ApplicationCredential> findApplicationCredential(
      Transaction tx, ApplicationCredentialId id);

  List<ApplicationCredential> listApplicationCredentials(Transaction tx, UserId userId);

  /** Deletes the credential and the tokens it issued. */
  void deleteApplicationCredential(Transaction tx, ApplicationCredentialId id);
}
