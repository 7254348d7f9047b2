package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates what a new cloud needs on first start: domain {@code Default}, project and user {@code
 * admin} with role {@code admin}, and the roles Faultline's policies name. Later starts add roles
 * that are missing and, when a password is configured, make the admin's password match it.
 */
public final class IdentityBootstrap {
  public static final List<String> ROLES =
      List.of(
          "admin",
          "member",
          "reader",
          "_member_",
          "monitor",
          "data_plane_integrator",
          "network_monitor");

  /**
   * Keystone's default implied roles (admin ⇒ member ⇒ reader), and {@code _member_} ⇒ member, so
   * that tooling written for older clouds, which grants {@code _member_}, works as members do.
   */
  public static final List<List<String>> IMPLIED_ROLES =
      List.of(
          List.of("admin", "member"), List.of("member", "reader"), List.of("_member_", "member"));

  public static final String ADMIN = "admin";

  /**
   * One attempt per row kind that a concurrent bootstrap can have created first, and a few for the
   * lock timeouts of nodes bootstrapping at once.
   */
  private static final int BOOTSTRAP_ATTEMPTS = 8;

  /** Grows with each attempt, so that nodes that timed out together do not collide again. */
  private static final long RETRY_PAUSE_MS = 200;

  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final IdentityStore store;
  private final Transactor transactor;
  private final PasswordHasher hasher;

  public IdentityBootstrap(IdentityStore store, Transactor transactor, PasswordHasher hasher) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.hasher = requireNonNull(hasher, "hasher is null");
  }

  /**
   * Bootstraps; returns the admin password when it had to generate one, which the caller prints
   * once: it is stored only as a hash.
   */
  public Optional<String> bootstrap(Optional<String> adminPassword) {
    // The nodes of a cluster started together on a new database each bootstrap it: all but one
    // fail on a unique key, or wait on the winner's locks until the store gives up (a lock timeout,
    // a deadlock), and, run again, find the rows the winner committed.
    for (int attempt = 1; ; attempt++) {
      try {
        return transactor.inTransaction(tx -> bootstrap(tx, adminPassword));
      } catch (FaultlineException e) {
        boolean again = e.code() == ErrorCode.CONFLICT || e.code() == ErrorCode.UNAVAILABLE;
        if (!again || attempt == BOOTSTRAP_ATTEMPTS) {
          throw e;
        }
        if (e.code() == ErrorCode.UNAVAILABLE) {
          pause(attempt);
        }
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(RETRY_PAUSE_MS * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultlineException(ErrorCode.UNAVAILABLE, "interrupted while bootstrapping", e);
    }
  }

  private Optional<String> bootstrap(Transaction tx, Optional<String> adminPassword) {
    if (store.findDomain(tx, Domain.DEFAULT_ID).isEmpty()) {
      store.insertDomain(tx, new Domain(Domain.DEFAULT_ID, "Default", "The default domain", true));
    }
    Set<String> createdRoles = new HashSet<>();
    for (String name : ROLES) {
      if (store.findRoleByName(tx, name).isEmpty()) {
        store.insertRole(tx, new Role(new RoleId(IdentityService.newId()), name));
        createdRoles.add(name);
      }
    }
    // A rule is added only with a role it names, so one an operator deleted stays deleted.
    for (List<String> rule : IMPLIED_ROLES) {
      if (createdRoles.contains(rule.get(0)) || createdRoles.contains(rule.get(1))) {
        store.insertRoleInference(
            tx,
            new RoleInference(
                store.findRoleByName(tx, rule.get(0)).orElseThrow().id(),
                store.findRoleByName(tx, rule.get(1)).orElseThrow().id()));
      }
    }
    Project project =
        store
            .findProjectByName(tx, Domain.DEFAULT_ID, ADMIN)
            .orElseGet(
                () -> {
                  Project created =
                      new Project(
                          new ProjectId(IdentityService.newId()),
                          ADMIN,
                          Domain.DEFAULT_ID,
                          "Bootstrap project for administrators",
                          true);
                  store.insertProject(tx, created);
                  return created;
                });
    Optional<User> existing = store.findUserByName(tx, Domain.DEFAULT_ID, ADMIN);
    Optional<String> generated = Optional.empty();
    User admin;
    if (existing.isEmpty()) {
      String password = adminPassword.orElseGet(IdentityBootstrap::generatePassword);
      if (adminPassword.isEmpty()) {
        generated = Optional.of(password);
      }
      admin =
          new User(
              new UserId(IdentityService.newId()),
              ADMIN,
              Domain.DEFAULT_ID,
              Optional.of(project.id()),
              Optional.empty(),
              "Bootstrap administrator",
              true,
              Optional.of(hasher.hash(password)));
      store.insertUser(tx, admin);
    } else {
      admin = existing.get();
      if (adminPassword.isPresent()
          && (admin.passwordHash().isEmpty()
              || !hasher.matches(adminPassword.get(), admin.passwordHash().get()))) {
        admin =
            new User(
                admin.id(),
                admin.name(),
                admin.domainId(),
                admin.defaultProjectId(),
                admin.email(),
                admin.description(),
                true,
                Optional.of(hasher.hash(adminPassword.get())));
        store.updateUser(tx, admin);
      }
    }
    Role adminRole = store.findRoleByName(tx, ADMIN).orElseThrow();
    store.grant(tx, new RoleAssignment(admin.id(), project.id(), adminRole.id()));
    return generated;
  }

  private static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
