package io.faultline.identity;

import static io.faultline.error.FaultlineException.conflict;
import static io.faultline.error.FaultlineException.notFound;
import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Authentication and token validation. Tokens are random 256-bit secrets; only their SHA-256 is
 * stored. Validations are cached briefly in memory (the hot path of every API call) and the cache
 * is dropped on any change to grants, users or projects made through this process.
 */
public final class IdentityService {
  private static final Duration CACHE_TTL = Duration.ofSeconds(10);
  private static final long CACHE_MAXIMUM_SIZE = 100_000;
  private static final String UNAUTHORIZED = "The request you have made requires authentication.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final PasswordHasher hasher;
  private final InstantSource clock;
  private final Duration tokenLifetime;
  private final AuthenticationThrottle throttle;

  /** Token hash → its validation; entries expire on the injected clock, so tests can age them. */
  private final Cache<String, AuthenticatedToken> cache;

  private volatile java.util.function.Consumer<Optional<String>> invalidations = hash -> {};

  public IdentityService(
      IdentityStore store,
      Transactor transactor,
      Policy policy,
      PasswordHasher hasher,
      InstantSource clock,
      Duration tokenLifetime) {
    this(
        store,
        transactor,
        policy,
        hasher,
        clock,
        tokenLifetime,
        new AuthenticationThrottle(AuthenticationThrottle.Settings.defaults(), clock));
  }

  public IdentityService(
      IdentityStore store,
      Transactor transactor,
      Policy policy,
      PasswordHasher hasher,
      InstantSource clock,
      Duration tokenLifetime,
      AuthenticationThrottle throttle) {
    this.throttle = requireNonNull(throttle, "throttle is null");
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.hasher = requireNonNull(hasher, "hasher is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.tokenLifetime = requireNonNull(tokenLifetime, "tokenLifetime is null");
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL)
            .maximumSize(CACHE_MAXIMUM_SIZE)
            .ticker(() -> epochNanos(clock.instant()))
            .build();
  }

  private static long epochNanos(Instant instant) {
    return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
  }

  public Policy policy() {
    return policy;
  }

  /** Issues a token; any mismatch of credentials is the same 401, so nothing leaks. */
  public IssuedToken authenticate(Authentication request) {
    return authenticate(request, "local");
  }

  /**
   * Issues a token for credentials presented from {@code source} (the client's address). A password
   * mismatch is the same 401 after the same bcrypt work, known user or not, so neither the answer
   * nor its timing tells whether a user exists; failures are throttled per user and per source.
   */
  public IssuedToken authenticate(Authentication request, String source) {
    requireNonNull(request, "request is null");
    requireNonNull(source, "source is null");
    return switch (request) {
      case PasswordAuthentication password -> authenticatePassword(password, source);
      case Authentication.TokenAuthentication token -> rescope(token);
      case Authentication.ApplicationCredentialAuthentication credential ->
          authenticateApplicationCredential(credential);
    };
  }

  private IssuedToken authenticatePassword(PasswordAuthentication request, String source) {
    throttle.checkSource(source);
    Optional<User> found = transactor.inTransaction(tx -> findUserFor(tx, request));
    if (found.isEmpty()) {
      hasher.matchesNothing(request.password());
      throttle.failedFrom(source);
      throw unauthorized();
    }
    User user = found.get();
    if (throttle.isLocked(user.id())) {
      throw new FaultlineException(
          ErrorCode.UNAUTHENTICATED, "The account is locked for user: " + user.id().value() + ".");
    }
    boolean matches =
        user.passwordHash().isPresent()
            ? hasher.matches(request.password(), user.passwordHash().get())
            : hasher.matchesNothing(request.password());
    if (!matches || !user.enabled()) {
      throttle.failed(user.id(), source);
      throw unauthorized();
    }
    throttle.succeeded(user.id());
    Instant now = now();
    return transactor.inTransaction(
        tx -> {
          Optional<Project> project = request.scope().map(scope -> findScopeProject(tx, scope));
          return issue(
              tx, user, project, List.of("password"), now.plus(tokenLifetime), Optional.empty());
        });
  }

  /** Keystone's {@code token} method: same user and expiry, the scope asked for. */
  private IssuedToken rescope(Authentication.TokenAuthentication request) {
    AuthenticatedToken original = authenticateToken(request.token());
    if (original.applicationCredential().isPresent()) {
      // Keystone: a token from an application credential keeps the credential's scope.
      throw unauthorized();
    }
    List<String> methods = new ArrayList<>(List.of("token"));
    original.token().methods().stream().filter(m -> !methods.contains(m)).forEach(methods::add);
    return transactor.inTransaction(
        tx -> {
          User user =
              store.findUser(tx, original.user().id()).orElseThrow(IdentityService::unauthorized);
          Optional<Project> project = request.scope().map(scope -> findScopeProject(tx, scope));
          return issue(tx, user, project, methods, original.token().expiresAt(), Optional.empty());
        });
  }

  private IssuedToken authenticateApplicationCredential(
      Authentication.ApplicationCredentialAuthentication request) {
    Instant now = now();
    ApplicationCredential credential =
        transactor.inTransaction(tx -> findApplicationCredential(tx, request));
    if (credential.isExpired(now) || !hasher.matches(request.secret(), credential.secretHash())) {
      throw unauthorized();
    }
    return transactor.inTransaction(
        tx -> {
          User user =
              store
                  .findUser(tx, credential.userId())
                  .filter(User::enabled)
                  .orElseThrow(IdentityService::unauthorized);
          Project project =
              store
                  .findProject(tx, credential.projectId())
                  .orElseThrow(IdentityService::unauthorized);
          Instant expires = now.plus(tokenLifetime);
          if (credential.expiresAt().isPresent()
              && credential.expiresAt().get().isBefore(expires)) {
            expires = credential.expiresAt().get();
          }
          return issue(
              tx,
              user,
              Optional.of(project),
              List.of("application_credential"),
              expires,
              Optional.of(credential));
        });
  }

  private IssuedToken issue(
      Transaction tx,
      User user,
      Optional<Project> project,
      List<String> methods,
      Instant expiresAt,
      Optional<ApplicationCredential> credential) {
    if (project.isPresent()) {
      requireUsableScope(tx, user, project.get());
    }
    String secret = randomToken(32);
    Token token =
        new Token(
            sha256(secret),
            user.id(),
            project.map(Project::id),
            now(),
            expiresAt,
            randomToken(16),
            methods,
            credential.map(ApplicationCredential::id));
    store.insertToken(tx, token);
    AuthenticatedToken resolved = resolve(tx, token);
    if (project.isPresent() && resolved.roles().isEmpty()) {
      throw unauthorized();
    }
    return new IssuedToken(secret, resolved);
  }

  private void requireUsableScope(Transaction tx, User user, Project project) {
    boolean domainsEnabled =
        store.findDomain(tx, user.domainId()).map(Domain::enabled).orElse(false)
            && store.findDomain(tx, project.domainId()).map(Domain::enabled).orElse(false);
    if (!domainsEnabled || !project.enabled() || rolesOn(tx, user.id(), project.id()).isEmpty()) {
      throw unauthorized();
    }
  }

  /**
   * Token times truncated to the microsecond, the precision of the store and of the wire, so a
   * token reads the same at issue and at validation.
   */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private ApplicationCredential findApplicationCredential(
      Transaction tx, Authentication.ApplicationCredentialAuthentication request) {
    if (request.id().isPresent()) {
      return store
          .findApplicationCredential(tx, new ApplicationCredentialId(request.id().get()))
          .orElseThrow(IdentityService::unauthorized);
    }
    if (request.name().isEmpty()) {
      throw FaultlineException.badRequest(
          "auth.identity.application_credential needs an id, or a name and its user");
    }
    Optional<User> user;
    if (request.userId().isPresent()) {
      user = store.findUser(tx, new UserId(request.userId().get()));
    } else if (request.userName().isPresent()) {
      Optional<Domain> domain = findDomain(tx, request.userDomainId(), request.userDomainName());
      user = domain.flatMap(d -> store.findUserByName(tx, d.id(), request.userName().get()));
    } else {
      throw FaultlineException.badRequest(
          "auth.identity.application_credential.user needs an id or a name");
    }
    UserId userId = user.orElseThrow(IdentityService::unauthorized).id();
    return store.listApplicationCredentials(tx, userId).stream()
        .filter(c -> c.name().equals(request.name().get()))
        .findFirst()
        .orElseThrow(IdentityService::unauthorized);
  }

  /** The token behind an {@code X-Auth-Token}; 401 when it is unknown, expired or revoked. */
  public AuthenticatedToken authenticateToken(String secret) {
    return lookup(secret).orElseThrow(IdentityService::unauthorized);
  }

  /** {@code GET /v3/auth/tokens}: 404 for an invalid subject token, as Keystone answers. */
  public AuthenticatedToken validate(Credentials caller, String subjectSecret) {
    AuthenticatedToken subject =
        lookup(subjectSecret)
            .orElseThrow(() -> notFound("Could not find token: " + abbreviate(subjectSecret)));
    policy.authorize(
        IdentityPolicies.VALIDATE_TOKEN,
        caller,
        Map.of("target.token.user_id", subject.user().id().value()));
    return subject;
  }

  public void revoke(Credentials caller, String subjectSecret) {
    AuthenticatedToken subject = validate(caller, subjectSecret);
    policy.authorize(
        IdentityPolicies.REVOKE_TOKEN,
        caller,
        Map.of("target.token.user_id", subject.user().id().value()));
    String hash = sha256(subjectSecret);
    transactor.run(tx -> store.deleteToken(tx, hash));
    cache.invalidate(hash);
    invalidations.accept(Optional.of(hash));
  }

  /**
   * Tells {@code listener} of every invalidation of cached validations made here (a token's hash,
   * or empty for all), so that the other nodes of a cluster drop theirs too. Set once, at start.
   */
  public void publishInvalidationsTo(java.util.function.Consumer<Optional<String>> listener) {
    this.invalidations = requireNonNull(listener, "listener is null");
  }

  /** Drops cached validations another node made stale: one token's hash, or all when empty. */
  public void invalidateCached(Optional<String> hash) {
    hash.ifPresentOrElse(cache::invalidate, cache::invalidateAll);
  }

  /**
   * {@code GET /v3/auth/projects}: every enabled project the token's user has a role on, in enabled
   * domains, whatever the token's own scope.
   */
  public List<Project> projectsOf(AuthenticatedToken caller) {
    return transactor.inTransaction(tx -> projectsWithRoles(tx, caller.user().id()));
  }

  List<Project> projectsWithRoles(Transaction tx, UserId userId) {
    return store.listProjectsWithRolesOf(tx, userId);
  }

  /**
   * {@code POST /v3/users/{id}/password}: the original password proves who asks (no token is
   * needed, so that a user whose token expired can still change it); every token of the user is
   * revoked, as Keystone does.
   */
  public void changePassword(String userId, String originalPassword, String newPassword) {
    if (newPassword.isEmpty()) {
      throw FaultlineException.badRequest("'user.password' must not be empty");
    }
    User user =
        transactor.inTransaction(
            tx ->
                store.findUser(tx, new UserId(userId)).orElseThrow(IdentityService::unauthorized));
    if (!user.enabled()
        || user.passwordHash().isEmpty()
        || !hasher.matches(originalPassword, user.passwordHash().get())) {
      throw unauthorized();
    }
    String hash = hasher.hash(newPassword);
    transactor.run(
        tx -> {
          store.updateUser(tx, user.withPasswordHash(hash));
          store.deleteTokensOf(tx, user.id());
        });
    invalidateCache();
  }

  public int purgeExpiredTokens() {
    Instant now = clock.instant();
    cache.asMap().values().removeIf(cached -> cached.token().isExpired(now));
    return transactor.inTransaction(tx -> store.deleteTokensExpiredBefore(tx, now));
  }

  private Optional<AuthenticatedToken> lookup(String secret) {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String hash = sha256(secret);
    AuthenticatedToken cached = cache.getIfPresent(hash);
    if (cached != null) {
      return cached.token().isExpired(now) ? Optional.empty() : Optional.of(cached);
    }
    Optional<AuthenticatedToken> found =
        transactor.inTransaction(
            tx ->
                store
                    .findToken(tx, hash)
                    .filter(token -> !token.isExpired(now))
                    .flatMap(token -> resolveIfStillValid(tx, token)));
    found.ifPresentOrElse(token -> cache.put(hash, token), () -> cache.invalidate(hash));
    return found;
  }

  private Optional<AuthenticatedToken> resolveIfStillValid(Transaction tx, Token token) {
    Optional<User> user = store.findUser(tx, token.userId()).filter(User::enabled);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    if (!store.findDomain(tx, user.get().domainId()).map(Domain::enabled).orElse(false)) {
      return Optional.empty();
    }
    if (token.projectId().isPresent()) {
      Optional<Project> project = store.findProject(tx, token.projectId().get());
      if (project.isEmpty()
          || !project.get().enabled()
          || rolesOn(tx, token.userId(), token.projectId().get()).isEmpty()) {
        return Optional.empty();
      }
    }
    if (token.applicationCredentialId().isPresent()
        && store
            .findApplicationCredential(tx, token.applicationCredentialId().get())
            .filter(c -> !c.isExpired(clock.instant()))
            .isEmpty()) {
      return Optional.empty();
    }
    AuthenticatedToken resolved = resolve(tx, token);
    return token.projectId().isPresent() && resolved.roles().isEmpty()
        ? Optional.empty()
        : Optional.of(resolved);
  }

  private AuthenticatedToken resolve(Transaction tx, Token token) {
    User user = store.findUser(tx, token.userId()).orElseThrow(IdentityService::unauthorized);
    Domain userDomain = store.findDomain(tx, user.domainId()).orElseThrow();
    Optional<Project> project = token.projectId().flatMap(id -> store.findProject(tx, id));
    Optional<Domain> projectDomain = project.flatMap(p -> store.findDomain(tx, p.domainId()));
    Optional<ApplicationCredential> credential =
        token.applicationCredentialId().flatMap(id -> store.findApplicationCredential(tx, id));
    List<Role> roles = project.map(p -> effectiveRoles(tx, user.id(), p.id())).orElse(List.of());
    if (credential.isPresent()) {
      roles = delegatedRoles(tx, credential.get(), roles);
    }
    return new AuthenticatedToken(
        token, user, userDomain, project, projectDomain, roles, credential);
  }

  /** Assigned roles plus every role they imply, transitively, as Keystone's implied roles do. */
  List<Role> effectiveRoles(Transaction tx, UserId userId, ProjectId projectId) {
    return closure(tx, rolesOn(tx, userId, projectId));
  }

  /** Roles plus every role they imply, transitively; each role once. */
  List<Role> closure(Transaction tx, List<Role> roles) {
    Map<RoleId, List<RoleId>> implies = new HashMap<>();
    for (RoleInference inference : store.listRoleInferences(tx)) {
      implies
          .computeIfAbsent(inference.priorRoleId(), id -> new ArrayList<>())
          .add(inference.impliedRoleId());
    }
    Map<RoleId, Role> result = new LinkedHashMap<>();
    Deque<Role> pending = new ArrayDeque<>(roles);
    while (!pending.isEmpty()) {
      Role role = pending.removeFirst();
      if (result.putIfAbsent(role.id(), role) == null) {
        for (RoleId implied : implies.getOrDefault(role.id(), List.of())) {
          store.findRole(tx, implied).ifPresent(pending::addLast);
        }
      }
    }
    return new ArrayList<>(result.values());
  }

  /**
   * What a token from an application credential may do: the delegated roles (and what they imply),
   * only while the user still has each of them; none at all once one is gone, as in Keystone.
   */
  private List<Role> delegatedRoles(
      Transaction tx, ApplicationCredential credential, List<Role> userRoles) {
    Set<RoleId> held = new HashSet<>();
    userRoles.forEach(role -> held.add(role.id()));
    if (!held.containsAll(credential.roleIds())) {
      return List.of();
    }
    List<Role> delegated = new ArrayList<>();
    credential.roleIds().forEach(id -> store.findRole(tx, id).ifPresent(delegated::add));
    return closure(tx, delegated);
  }

  private List<Role> rolesOn(Transaction tx, UserId userId, ProjectId projectId) {
    return store.rolesOf(tx, userId, projectId);
  }

  private Optional<User> findUserFor(Transaction tx, PasswordAuthentication request) {
    Optional<User> user;
    if (request.userId().isPresent()) {
      user = store.findUser(tx, new UserId(request.userId().get()));
    } else if (request.userName().isPresent()) {
      Optional<Domain> domain = findDomain(tx, request.userDomainId(), request.userDomainName());
      user = domain.flatMap(d -> store.findUserByName(tx, d.id(), request.userName().get()));
    } else {
      throw FaultlineException.badRequest("auth.identity.password.user needs an id or a name");
    }
    return user;
  }

  private Project findScopeProject(Transaction tx, PasswordAuthentication.ProjectScope scope) {
    Optional<Project> project;
    if (scope.projectId().isPresent()) {
      project = store.findProject(tx, new ProjectId(scope.projectId().get()));
    } else if (scope.projectName().isPresent()) {
      Optional<Domain> domain = findDomain(tx, scope.domainId(), scope.domainName());
      project = domain.flatMap(d -> store.findProjectByName(tx, d.id(), scope.projectName().get()));
    } else {
      throw FaultlineException.badRequest("auth.scope.project needs an id or a name");
    }
    return project.filter(Project::enabled).orElseThrow(IdentityService::unauthorized);
  }

  private Optional<Domain> findDomain(Transaction tx, Optional<String> id, Optional<String> name) {
    if (id.isPresent()) {
      return store.findDomain(tx, new DomainId(id.get()));
    }
    if (name.isPresent()) {
      return store.findDomainByName(tx, name.get());
    }
    throw FaultlineException.badRequest("a name must be qualified by a domain id or name");
  }

  /** Revokes every token of {@code user}, as Keystone does when a password changes. */
  void revokeTokensOf(Transaction tx, UserId user) {
    store.deleteTokensOfUser(tx, user);
    tx.afterCommit(this::invalidateCache);
  }

  /** Forgets cached validations, after a change that can affect what a token resolves to. */
  void invalidateCache() {
    cache.invalidateAll();
    invalidations.accept(Optional.empty());
  }

  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static FaultlineException unauthorized() {
    return new FaultlineException(ErrorCode.UNAUTHENTICATED, UNAUTHORIZED);
  }

  static FaultlineException duplicate(String kind) {
    return conflict("Conflict occurred attempting to store " + kind + " - Duplicate entry.");
  }

  private static String randomToken(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }

  private static String abbreviate(String secret) {
    return secret.length() <= 8 ? secret : secret.substring(0, 8) + "…";
  }

  static String sha256(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
