package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.identity.Domain;
import io.faultline.identity.DomainId;
import io.faultline.identity.IdentityBootstrap;
import io.faultline.identity.PasswordHasher;
import io.faultline.identity.Project;
import io.faultline.identity.ProjectId;
import io.faultline.identity.Role;
import io.faultline.identity.RoleAssignment;
import io.faultline.identity.RoleId;
import io.faultline.identity.Token;
import io.faultline.identity.User;
import io.faultline.identity.UserId;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity store's contract; runs identically on every engine. */
abstract class IdentityStoreContract {
  private static final DomainId DOMAIN = new DomainId("default");

  private Database database;
  private Transactor tx;
  private final JdbiIdentityStore store = new JdbiIdentityStore();

  abstract Database open();

  @BeforeEach
  void setUp() {
    database = open();
    tx = database.transactor();
    tx.run(t -> store.insertDomain(t, new Domain(DOMAIN, "Default", "", true)));
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private Project project(String id, String name) {
    Project project = new Project(new ProjectId(id), name, DOMAIN, "d", true);
    tx.run(t -> store.insertProject(t, project));
    return project;
  }

  private User user(String id, String name) {
    User user =
        new User(
            new UserId(id),
            name,
            DOMAIN,
            Optional.empty(),
            Optional.of(name + "@example.org"),
            "",
            true,
            Optional.of("$2a$04$hash"));
    tx.run(t -> store.insertUser(t, user));
    return user;
  }

  private Role role(String id, String name) {
    Role role = new Role(new RoleId(id), name);
    tx.run(t -> store.insertRole(t, role));
    return role;
  }

  @Test
  void projectsRoundTripAndNamesAreUniquePerDomain() {
    Project project = project("p1", "demo");
    assertThat(tx.inTransaction((Transaction t) -> store.findProject(t, project.id())))
        .contains(project);
    assertThat(tx.inTransaction((Transaction t) -> store.findProjectByName(t, DOMAIN, "demo")))
        .contains(project);
    assertThatThrownBy(() -> project("p2", "demo")).isInstanceOf(RuntimeException.class);
    assertThat(tx.inTransaction(store::listProjects)).containsExactly(project);

    Project renamed = new Project(project.id(), "renamed", DOMAIN, "x", false);
    tx.run(t -> store.updateProject(t, renamed));
    assertThat(tx.inTransaction((Transaction t) -> store.findProject(t, project.id())))
        .contains(renamed);
  }

  @Test
  void usersKeepOptionalFields() {
    User user = user("u1", "alice");
    assertThat(tx.inTransaction((Transaction t) -> store.findUser(t, user.id()))).contains(user);
    assertThat(tx.inTransaction((Transaction t) -> store.findUserByName(t, DOMAIN, "alice")))
        .contains(user);
    assertThat(tx.inTransaction((Transaction t) -> store.findUserByName(t, DOMAIN, "bob")))
        .isEmpty();
  }

  @Test
  void grantsAreIdempotentAndRevocable() {
    Project project = project("p1", "demo");
    User user = user("u1", "alice");
    Role member = role("r1", "member");
    role("r2", "reader");
    RoleAssignment assignment = new RoleAssignment(user.id(), project.id(), member.id());
    tx.run(t -> store.grant(t, assignment));
    tx.run(t -> store.grant(t, assignment));
    assertThat(tx.inTransaction(store::listAssignments)).containsExactly(assignment);
    assertThat(tx.inTransaction((Transaction t) -> store.rolesOf(t, user.id(), project.id())))
        .containsExactly(member);
    assertThat(tx.inTransaction((Transaction t) -> store.revoke(t, assignment))).isTrue();
    assertThat(tx.inTransaction((Transaction t) -> store.revoke(t, assignment))).isFalse();
    assertThat(tx.inTransaction((Transaction t) -> store.rolesOf(t, user.id(), project.id())))
        .isEmpty();
  }

  @Test
  void deletingAProjectRemovesItsGrantsAndTokens() {
    Project project = project("p1", "demo");
    User user = user("u1", "alice");
    Role member = role("r1", "member");
    tx.run(t -> store.grant(t, new RoleAssignment(user.id(), project.id(), member.id())));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    tx.run(
        t ->
            store.insertToken(
                t,
                new Token(
                    "hash", user.id(), Optional.of(project.id()), now, now.plusSeconds(60), "a")));
    tx.run(t -> store.deleteProject(t, project.id()));
    assertThat(tx.inTransaction(store::listAssignments)).isEmpty();
    assertThat(tx.inTransaction((Transaction t) -> store.findToken(t, "hash"))).isEmpty();
  }

  @Test
  void tokensRoundTripAndExpire() {
    User user = user("u1", "alice");
    Instant now = Instant.parse("2026-01-01T00:00:00.123Z");
    Token token = new Token("h1", user.id(), Optional.empty(), now, now.plusSeconds(3600), "aud");
    Token old =
        new Token(
            "h2", user.id(), Optional.empty(), now.minusSeconds(7200), now.minusSeconds(1), "b");
    tx.run(
        t -> {
          store.insertToken(t, token);
          store.insertToken(t, old);
        });
    assertThat(tx.inTransaction((Transaction t) -> store.findToken(t, "h1"))).contains(token);
    assertThat(tx.inTransaction((Transaction t) -> store.deleteTokensExpiredBefore(t, now)))
        .isEqualTo(1);
    assertThat(tx.inTransaction((Transaction t) -> store.findToken(t, "h2"))).isEmpty();
    tx.run(t -> store.deleteToken(t, "h1"));
    assertThat(tx.inTransaction((Transaction t) -> store.findToken(t, "h1"))).isEmpty();
  }

  @Test
  void aFailedTransactionLeavesNothingBehind() {
    assertThatThrownBy(
            () ->
                tx.run(
                    t -> {
                      store.insertRole(t, new Role(new RoleId("r1"), "member"));
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(tx.inTransaction(store::listRoles)).isEmpty();
  }

  @Test
  void tokensOfOneUserAreRevokedTogether() {
    User alice = user("u1", "alice");
    User bob = user("u2", "bob");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    tx.run(
        t -> {
          store.insertToken(
              t, new Token("a1", alice.id(), Optional.empty(), now, now.plusSeconds(60), "x"));
          store.insertToken(
              t, new Token("a2", alice.id(), Optional.empty(), now, now.plusSeconds(60), "y"));
          store.insertToken(
              t, new Token("b1", bob.id(), Optional.empty(), now, now.plusSeconds(60), "z"));
        });
    assertThat(tx.inTransaction((Transaction t) -> store.deleteTokensOfUser(t, alice.id())))
        .isEqualTo(2);
    assertThat(tx.inTransaction((Transaction t) -> store.findToken(t, "a1"))).isEmpty();
    assertThat(tx.inTransaction((Transaction t) -> store.findToken(t, "b1"))).isPresent();
  }

  private static final String HASH =
      "$2a$04$abcdefghijklmnopqrstuuSECRETSECRETSECRETSECRETSECRETSE";

  private User userWithHash(String id, String name) {
    return new User(
        new UserId(id),
        name,
        DOMAIN,
        Optional.empty(),
        Optional.empty(),
        "",
        true,
        Optional.of(HASH));
  }

  private static String everything(Throwable failure) {
    java.io.StringWriter text = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  @Test
  void aDuplicateUserIsAConflictThatCarriesNoCredential() {
    tx.run(t -> store.insertUser(t, userWithHash("u1", "alice")));
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> tx.run(t -> store.insertUser(t, userWithHash("u1", "alice2"))));
    assertThat(failure).isInstanceOf(io.faultline.error.FaultlineException.class);
    assertThat(((io.faultline.error.FaultlineException) failure).code())
        .isEqualTo(io.faultline.error.ErrorCode.CONFLICT);
    assertThat(everything(failure)).doesNotContain(HASH).doesNotContain("SECRET");
  }

  @Test
  void aFailedCredentialWriteNeverShowsItsBoundValues() {
    // A NOT NULL violation: PostgreSQL's detail would quote the whole row, hash included.
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                database
                    .jdbi()
                    .useHandle(
                        handle ->
                            handle.execute(
                                "INSERT INTO identity_user (id, name, domain_id, description,"
                                    + " enabled, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
                                "u9",
                                null,
                                "default",
                                "",
                                true,
                                HASH)));
    assertThat(failure).isNotNull();
    assertThat(everything(failure)).doesNotContain("SECRET");
    Throwable translated =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                tx.run(
                    t ->
                        JdbiTransaction.handle(t)
                            .execute(
                                "INSERT INTO identity_user (id, name, domain_id, description,"
                                    + " enabled, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
                                "u9",
                                null,
                                "default",
                                "",
                                true,
                                HASH)));
    assertThat(translated).isNotNull();
    assertThat(everything(translated)).doesNotContain("SECRET");
  }

  /**
   * The nodes of a cluster started together on a new database each bootstrap it at once: every one
   * starts, and the cloud has one admin user, one admin project and each role once.
   */
  @Test
  void nodesBootstrappingOneDatabaseAtOnceAllStartWithOneAdmin() throws Exception {
    int nodes = 6;
    PasswordHasher hasher = new PasswordHasher(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<String>>> started = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(nodes)) {
      for (int i = 0; i < nodes; i++) {
        started.add(
            pool.submit(
                () -> {
                  start.await();
                  return new IdentityBootstrap(new JdbiIdentityStore(), tx, hasher)
                      .bootstrap(Optional.of("one-password"));
                }));
      }
      start.countDown();
      for (Future<Optional<String>> node : started) {
        assertThat(node.get()).as("a configured password is never generated").isEmpty();
      }
    }
    tx.run(
        t -> {
          User admin = store.findUserByName(t, DOMAIN, IdentityBootstrap.ADMIN).orElseThrow();
          assertThat(hasher.matches("one-password", admin.passwordHash().orElseThrow())).isTrue();
          assertThat(store.findProjectByName(t, DOMAIN, IdentityBootstrap.ADMIN)).isPresent();
          for (String role : IdentityBootstrap.ROLES) {
            assertThat(store.findRoleByName(t, role)).as(role).isPresent();
          }
        });
  }
}
