package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.identity.Domain;
import io.faultline.identity.DomainId;
import io.faultline.identity.IdentityBootstrap;
import io.faultline.identity.IdentityListFilter;
import io.faultline.identity.PasswordHasher;
import io.faultline.identity.Project;
import io.faultline.identity.ProjectId;
import io.faultline.identity.Role;
import io.faultline.identity.RoleAssignment;
import io.faultline.identity.RoleAssignmentFilter;
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
import java.util.function.BiFunction;
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

  private User user(String id, String name, DomainId domain, boolean enabled) {
    User user =
        new User(
            new UserId(id),
            name,
            domain,
            Optional.empty(),
            Optional.empty(),
            "",
            enabled,
            Optional.empty());
    tx.run(t -> store.insertUser(t, user));
    return user;
  }

  /**
   * Every entry, read {@value #PAGE} at a time, each page after the last entry of the one before.
   */
  private <T> List<T> walk(BiFunction<Transaction, Optional<T>, List<T>> page) {
    List<T> all = new ArrayList<>();
    Optional<T> after = Optional.empty();
    while (true) {
      Optional<T> from = after;
      List<T> read = tx.inTransaction((Transaction t) -> page.apply(t, from));
      assertThat(read.size()).isLessThanOrEqualTo(PAGE);
      all.addAll(read);
      if (read.size() < PAGE) {
        return all;
      }
      after = Optional.of(read.get(read.size() - 1));
    }
  }

  private static final int PAGE = 2;

  @Test
  void usersAndProjectsPageByNameThenIdAcrossDomainsAndKeepOnlyWhatTheFilterKeeps() {
    DomainId other = new DomainId("other");
    tx.run(t -> store.insertDomain(t, new Domain(other, "Other", "", true)));
    User bob = user("u1", "bob", DOMAIN, true);
    User aliceOther = user("u9", "alice", other, true);
    User alice = user("u2", "alice", DOMAIN, true);
    User carol = user("u3", "carol", DOMAIN, false);
    User dave = user("u0", "dave", other, false);

    assertThat(
            this.<User>walk(
                (t, after) -> store.pageUsers(t, IdentityListFilter.any(), after, PAGE)))
        .containsExactly(alice, aliceOther, bob, carol, dave);
    assertThat(
            this.<User>walk(
                (t, after) ->
                    store.pageUsers(
                        t,
                        new IdentityListFilter(
                            Optional.empty(), List.of("default"), Optional.empty()),
                        after,
                        PAGE)))
        .containsExactly(alice, bob, carol);
    assertThat(
            this.<User>walk(
                (t, after) ->
                    store.pageUsers(
                        t,
                        new IdentityListFilter(Optional.of("alice"), List.of(), Optional.empty()),
                        after,
                        PAGE)))
        .containsExactly(alice, aliceOther);
    assertThat(
            this.<User>walk(
                (t, after) ->
                    store.pageUsers(
                        t,
                        new IdentityListFilter(Optional.empty(), List.of(), Optional.of(false)),
                        after,
                        PAGE)))
        .containsExactly(carol, dave);
    assertThat(
            tx.inTransaction(
                (Transaction t) ->
                    store.pageUsers(
                        t,
                        new IdentityListFilter(
                            Optional.empty(), List.of("default", "other"), Optional.empty()),
                        Optional.empty(),
                        PAGE)))
        .as("two different domains keep nothing")
        .isEmpty();

    Project zeta = project("p1", "zeta");
    Project demo = project("p3", "demo");
    Project beta = new Project(new ProjectId("p2"), "beta", other, "", false);
    tx.run(t -> store.insertProject(t, beta));
    assertThat(
            this.<Project>walk(
                (t, after) -> store.pageProjects(t, IdentityListFilter.any(), after, PAGE)))
        .containsExactly(beta, demo, zeta);
    assertThat(
            this.<Project>walk(
                (t, after) ->
                    store.pageProjects(
                        t,
                        new IdentityListFilter(
                            Optional.empty(), List.of("default"), Optional.of(true)),
                        after,
                        PAGE)))
        .containsExactly(demo, zeta);
  }

  @Test
  void assignmentsPageByProjectUserAndRoleAndKeepOnlyWhatTheFilterKeeps() {
    Project p1 = project("p1", "one");
    Project p2 = project("p2", "two");
    User u1 = user("u1", "alice");
    User u2 = user("u2", "bob");
    Role r1 = role("r1", "member");
    Role r2 = role("r2", "reader");
    List<RoleAssignment> inListOrder =
        List.of(
            new RoleAssignment(u1.id(), p1.id(), r1.id()),
            new RoleAssignment(u1.id(), p1.id(), r2.id()),
            new RoleAssignment(u2.id(), p1.id(), r2.id()),
            new RoleAssignment(u1.id(), p2.id(), r1.id()),
            new RoleAssignment(u2.id(), p2.id(), r1.id()));
    for (RoleAssignment assignment :
        List.of(4, 2, 0, 3, 1).stream().map(inListOrder::get).toList()) {
      tx.run(t -> store.grant(t, assignment));
    }

    assertThat(
            this.<RoleAssignment>walk(
                (t, after) -> store.pageAssignments(t, RoleAssignmentFilter.any(), after, PAGE)))
        .containsExactlyElementsOf(inListOrder);
    assertThat(
            this.<RoleAssignment>walk(
                (t, after) ->
                    store.pageAssignments(
                        t,
                        new RoleAssignmentFilter(
                            Optional.of("u1"), Optional.empty(), Optional.of("r1")),
                        after,
                        PAGE)))
        .containsExactly(inListOrder.get(0), inListOrder.get(3));
    assertThat(
            this.<RoleAssignment>walk(
                (t, after) ->
                    store.pageAssignments(
                        t,
                        new RoleAssignmentFilter(
                            Optional.empty(), Optional.of("p1"), Optional.empty()),
                        after,
                        PAGE)))
        .containsExactlyElementsOf(inListOrder.subList(0, 3));
  }

  private List<Project> projectsWithRolesOf(User user) {
    return tx.inTransaction((Transaction t) -> store.listProjectsWithRolesOf(t, user.id()));
  }

  private void grant(User user, Project project, Role role) {
    tx.run(t -> store.grant(t, new RoleAssignment(user.id(), project.id(), role.id())));
  }

  @Test
  void aUserGetsExactlyTheProjectsItHoldsARoleOnOnceEachByName() {
    Project zeta = project("p1", "zeta");
    Project omega = project("p2", "omega");
    Project alpha = project("p3", "alpha");
    Project mid = project("p4", "mid");
    Project beta = project("p5", "beta");
    User alice = user("u1", "alice");
    User bob = user("u2", "bob");
    User carol = user("u3", "carol");
    Role member = role("r1", "member");
    Role reader = role("r2", "reader");
    grant(alice, zeta, member);
    grant(alice, alpha, member);
    grant(alice, alpha, reader);
    // Others' grants on every project: a list that ignored whose grant it is would show them.
    for (Project project : List.of(zeta, omega, mid, beta)) {
      grant(bob, project, reader);
    }

    assertThat(projectsWithRolesOf(alice)).containsExactly(alpha, zeta);
    assertThat(projectsWithRolesOf(bob)).containsExactly(beta, mid, omega, zeta);
    assertThat(projectsWithRolesOf(carol)).isEmpty();
  }

  @Test
  void aUsersProjectsLeaveOutDisabledProjectsAndProjectsOfDisabledDomains() {
    DomainId off = new DomainId("off");
    tx.run(t -> store.insertDomain(t, new Domain(off, "Off", "", false)));
    Project shown = project("p1", "shown");
    Project disabled = new Project(new ProjectId("p2"), "disabled", DOMAIN, "", false);
    Project inDisabledDomain = new Project(new ProjectId("p3"), "elsewhere", off, "", true);
    tx.run(t -> store.insertProject(t, disabled));
    tx.run(t -> store.insertProject(t, inDisabledDomain));
    User alice = user("u1", "alice");
    Role member = role("r1", "member");
    for (Project project : List.of(shown, disabled, inDisabledDomain)) {
      grant(alice, project, member);
    }

    assertThat(projectsWithRolesOf(alice)).containsExactly(shown);
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

  /**
   * A node that waits on another's uncommitted bootstrap until the store's lock wait gives up (H2
   * gives up after two seconds) tries again, and starts, rather than failing its start.
   */
  @Test
  void aBootstrapThatOutwaitsTheStoresLockWaitTriesAgain() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
      Future<?> holder =
          pool.submit(
              () -> {
                try {
                  tx.run(
                      t -> {
                        store.insertRole(
                            t, new Role(new RoleId("held-role"), IdentityBootstrap.ROLES.get(0)));
                        holding.countDown();
                        awaitQuietly(release);
                        throw new IllegalStateException("rolled back on purpose");
                      });
                } catch (IllegalStateException expected) {
                  // the held role is never committed
                }
              });
      holding.await();
      Thread releaser =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(3_000); // longer than H2's lock wait of two seconds
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    release.countDown();
                  });
      Optional<String> generated =
          new IdentityBootstrap(new JdbiIdentityStore(), tx, new PasswordHasher(4))
              .bootstrap(Optional.of("one-password"));
      assertThat(generated).isEmpty();
      releaser.join();
      holder.get();
    }
    tx.run(
        t -> {
          for (String role : IdentityBootstrap.ROLES) {
            assertThat(store.findRoleByName(t, role)).as(role).isPresent();
          }
          assertThat(store.findUserByName(t, DOMAIN, IdentityBootstrap.ADMIN)).isPresent();
        });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
