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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Token hash → its validation; entries expire on the injected clock, so tests can age them. */
  private final Cache<String, AuthenticatedToken> cache;

  public IdentityService(
      IdentityStore store,
      Transactor transactor,
      Policy policy,
      PasswordHasher hasher,
      InstantSource clock,
      Duration tokenLifetime) {
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

  /** Issues a token for a password; any mismatch is the same 401, so nothing leaks. */
  public IssuedToken authenticate(PasswordAuthentication request) {
    requireNonNull(request, "request is null");
    User user = transactor.inTransaction(tx -> findUserFor(tx, request));
    if (!user.enabled()
        || user.passwordHash().isEmpty()
        || !hasher.matches(request.password(), user.passwordHash().get())) {
      throw unauthorized();
    }
    Instant now = clock.instant();
    String secret = randomToken(32);
    return transactor.inTransaction(
        tx -> {
          Optional<Project> project = request.scope().map(scope -> findScopeProject(tx, scope));
          if (project.isPresent() && rolesOn(tx, user.id(), project.get().id()).isEmpty()) {
            throw unauthorized();
          }
          Token token =
              new Token(
                  sha256(secret),
                  user.id(),
                  project.map(Project::id),
                  now,
                  now.plus(tokenLifetime),
                  randomToken(16));
          store.insertToken(tx, token);
          return new IssuedToken(secret, resolve(tx, token));
        });
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
    if (token.projectId().isPresent()) {
      Optional<Project> project = store.findProject(tx, token.projectId().get());
      if (project.isEmpty()
          || !project.get().enabled()
          || rolesOn(tx, token.userId(), token.projectId().get()).isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(resolve(tx, token));
  }

  private AuthenticatedToken resolve(Transaction tx, Token token) {
    User user = store.findUser(tx, token.userId()).orElseThrow(IdentityService::unauthorized);
    Domain userDomain = store.findDomain(tx, user.domainId()).orElseThrow();
    Optional<Project> project = token.projectId().flatMap(id -> store.findProject(tx, id));
    Optional<Domain> projectDomain = project.flatMap(p -> store.findDomain(tx, p.domainId()));
    List<Role> roles = project.map(p -> effectiveRoles(tx, user.id(), p.id())).orElse(List.of());
    return new AuthenticatedToken(token, user, userDomain, project, projectDomain, roles);
  }

  /** Assigned roles plus the ones they imply, as Keystone's default implied roles do. */
  List<Role> effectiveRoles(Transaction tx, UserId userId, ProjectId projectId) {
    Map<String, Role> byName = new LinkedHashMap<>();
    for (Role role : rolesOn(tx, userId, projectId)) {
      byName.put(role.name(), role);
      for (String implied : ImpliedRoles.of(role.name())) {
        store.findRoleByName(tx, implied).ifPresent(r -> byName.putIfAbsent(r.name(), r));
      }
    }
    return new ArrayList<>(byName.values());
  }

  private List<Role> rolesOn(Transaction tx, UserId userId, ProjectId projectId) {
    return store.rolesOf(tx, userId, projectId);
  }

  private User findUserFor(Transaction tx, PasswordAuthentication request) {
    Optional<User> user;
    if (request.userId().isPresent()) {
      user = store.findUser(tx, new UserId(request.userId().get()));
    } else if (request.userName().isPresent()) {
      Optional<Domain> domain = findDomain(tx, request.userDomainId(), request.userDomainName());
      user = domain.flatMap(d -> store.findUserByName(tx, d.id(), request.userName().get()));
    } else {
      throw FaultlineException.badRequest("auth.identity.password.user needs an id or a name");
    }
    return user.orElseThrow(IdentityService::unauthorized);
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

  /** Forgets cached validations, after a change that can affect what a token resolves to. */
  void invalidateCache() {
    cache.invalidateAll();
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
