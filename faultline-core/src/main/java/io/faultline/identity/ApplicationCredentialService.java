package io.faultline.identity;

import static io.faultline.error.FaultlineException.badRequest;
import static io.faultline.error.FaultlineException.notFound;
import static java.util.Objects.requireNonNull;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keystone application credentials: a user delegates some of their roles on the token's project to
 * a named secret, so that agents and monitors authenticate without the user's password.
 */
public final class ApplicationCredentialService {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IdentityStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final PasswordHasher hasher;
  private final InstantSource clock;
  private final IdentityService identity;

  public ApplicationCredentialService(
      IdentityStore store,
      Transactor transactor,
      PasswordHasher hasher,
      InstantSource clock,
      IdentityService identity) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.hasher = requireNonNull(hasher, "hasher is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.policy = identity.policy();
  }

  /** A role named by id or by name. */
  public record RoleReference(Optional<String> id, Optional<String> name) {}

  public record Draft(
      String name,
      Optional<String> description,
      Optional<String> secret,
      Optional<Instant> expiresAt,
      Optional<List<RoleReference>> roles,
      boolean unrestricted) {
    public Draft {
      requireNonNull(name, "name is null");
    }
  }

  /** A credential with its roles; the secret only when it was just created. */
  public record View(ApplicationCredential credential, List<Role> roles, Optional<String> secret) {}

  public View create(AuthenticatedToken caller, String userId, Draft draft) {
    policy.authorize(
        IdentityPolicies.CREATE_APPLICATION_CREDENTIAL,
        caller.credentials(),
        Map.of("target.user.id", userId));
    if (draft.name().isBlank()) {
      throw badRequest("'application_credential.name' is a required property");
    }
    if (caller.applicationCredential().filter(c -> !c.unrestricted()).isPresent()) {
      throw new FaultlineException(
          ErrorCode.FORBIDDEN,
          "Using method 'application_credential' is not allowed for managing additional"
              + " application credentials.");
    }
    Project project =
        caller
            .project()
            .orElseThrow(
                () ->
                    badRequest("application credentials are created with a project-scoped token"));
    if (draft.expiresAt().filter(at -> !at.isAfter(clock.instant())).isPresent()) {
      throw badRequest("'application_credential.expires_at' must be in the future");
    }
    String secret =
        draft.secret().filter(s -> !s.isEmpty()).orElseGet(ApplicationCredentialService::newSecret);
    String hash = hasher.hash(secret);
    return transactor.inTransaction(
        tx -> {
          List<Role> roles = delegated(tx, caller, draft.roles());
          boolean taken =
              store.listApplicationCredentials(tx, caller.user().id()).stream()
                  .anyMatch(c -> c.name().equals(draft.name()));
          if (taken) {
            throw IdentityService.duplicate("application credential");
          }
          ApplicationCredential credential =
              new ApplicationCredential(
                  new ApplicationCredentialId(IdentityService.newId()),
                  caller.user().id(),
                  project.id(),
                  draft.name(),
                  draft.description().orElse(""),
                  hash,
                  draft.expiresAt(),
                  draft.unrestricted(),
                  roles.stream().map(Role::id).toList());
          store.insertApplicationCredential(tx, credential);
          return new View(credential, roles, Optional.of(secret));
        });
  }

  public List<View> list(AuthenticatedToken caller, String userId, Optional<String> name) {
    policy.authorize(
        IdentityPolicies.LIST_APPLICATION_CREDENTIALS,
        caller.credentials(),
        Map.of("target.user.id", userId));
    return transactor.inTransaction(
        tx -> {
          List<View> views = new ArrayList<>();
          for (ApplicationCredential c : store.listApplicationCredentials(tx, new UserId(userId))) {
            if (name.map(c.name()::equals).orElse(true)) {
              views.add(view(tx, c));
            }
          }
          return views;
        });
  }

  public View get(AuthenticatedToken caller, String userId, String id) {
    policy.authorize(
        IdentityPolicies.GET_APPLICATION_CREDENTIAL,
        caller.credentials(),
        Map.of("target.user.id", userId));
    return transactor.inTransaction(tx -> view(tx, credential(tx, userId, id)));
  }

  public void delete(AuthenticatedToken caller, String userId, String id) {
    policy.authorize(
        IdentityPolicies.DELETE_APPLICATION_CREDENTIAL,
        caller.credentials(),
        Map.of("target.user.id", userId));
    if (caller.applicationCredential().filter(c -> !c.unrestricted()).isPresent()) {
      throw new FaultlineException(
          ErrorCode.FORBIDDEN,
          "Using method 'application_credential' is not allowed for managing additional"
              + " application credentials.");
    }
    transactor.run(tx -> store.deleteApplicationCredential(tx, credential(tx, userId, id).id()));
    // Its tokens are gone from the store; forget their cached validations too.
    identity.invalidateCache();
  }

  /** The roles to delegate: those asked for, each held by the caller's token; else all of them. */
  private List<Role> delegated(
      Transaction tx, AuthenticatedToken caller, Optional<List<RoleReference>> requested) {
    if (requested.isEmpty() || requested.get().isEmpty()) {
      return caller.roles();
    }
    List<Role> roles = new ArrayList<>();
    for (RoleReference reference : requested.get()) {
      Optional<Role> role =
          reference.id().isPresent()
              ? store.findRole(tx, new RoleId(reference.id().get()))
              : reference.name().flatMap(n -> store.findRoleByName(tx, n));
      String label = reference.id().or(reference::name).orElse("");
      Role found =
          role.filter(r -> caller.roles().stream().anyMatch(held -> held.id().equals(r.id())))
              .orElseThrow(
                  () ->
                      notFound(
                          "Could not find role assignment with role: "
                              + label
                              + ", user or group: "
                              + caller.user().id().value()
                              + ", project, domain, or system: "
                              + caller.project().map(p -> p.id().value()).orElse("")
                              + "."));
      if (!roles.contains(found)) {
        roles.add(found);
      }
    }
    return roles;
  }

  private ApplicationCredential credential(Transaction tx, String userId, String id) {
    return store
        .findApplicationCredential(tx, new ApplicationCredentialId(id))
        .filter(c -> c.userId().value().equals(userId))
        .orElseThrow(() -> notFound("Could not find Application Credential: " + id + "."));
  }

  private View view(Transaction tx, ApplicationCredential credential) {
    List<Role> roles = new ArrayList<>();
    credential.roleIds().forEach(id -> store.findRole(tx, id).ifPresent(roles::add));
    return new View(credential, roles, Optional.empty());
  }

  private static String newSecret() {
    byte[] buffer = new byte[48];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
