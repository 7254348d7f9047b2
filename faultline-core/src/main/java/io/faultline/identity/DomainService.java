package io.faultline.identity;

import static io.faultline.error.FaultlineException.badRequest;
import static io.faultline.error.FaultlineException.notFound;
import static java.util.Objects.requireNonNull;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keystone domains: create, show, update, list, and delete once disabled. */
public final class DomainService {
  private final IdentityStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final IdentityService identity;

  public DomainService(IdentityStore store, Transactor transactor, IdentityService identity) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.policy = identity.policy();
  }

  /** What a create or update request says; absent fields are left as they are on update. */
  public record DomainDraft(
      Optional<String> name, Optional<String> description, Optional<Boolean> enabled) {}

  public Domain create(Credentials caller, DomainDraft draft) {
    policy.authorize(IdentityPolicies.CREATE_DOMAIN, caller, Map.of());
    String name =
        draft
            .name()
            .filter(n -> !n.isBlank())
            .orElseThrow(() -> badRequest("'domain.name' is a required property"));
    return transactor.inTransaction(
        tx -> {
          if (store.findDomainByName(tx, name).isPresent()) {
            throw IdentityService.duplicate("domain");
          }
          Domain domain =
              new Domain(
                  new DomainId(IdentityService.newId()),
                  name,
                  draft.description().orElse(""),
                  draft.enabled().orElse(true));
          store.insertDomain(tx, domain);
          return domain;
        });
  }

  public List<Domain> list(Credentials caller, Optional<String> name, Optional<Boolean> enabled) {
    policy.authorize(IdentityPolicies.LIST_DOMAINS, caller, Map.of());
    return transactor.inTransaction(
        tx ->
            store.listDomains(tx).stream()
                .filter(d -> name.map(d.name()::equals).orElse(true))
                .filter(d -> enabled.map(e -> d.enabled() == e).orElse(true))
                .toList());
  }

  public Domain get(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.GET_DOMAIN, caller, Map.of("target.domain.id", id));
    return transactor.inTransaction(tx -> domain(tx, id));
  }

  public Domain update(Credentials caller, String id, DomainDraft draft) {
    policy.authorize(IdentityPolicies.UPDATE_DOMAIN, caller, Map.of("target.domain.id", id));
    Domain updated =
        transactor.inTransaction(
            tx -> {
              Domain current = domain(tx, id);
              String name = draft.name().orElse(current.name());
              if (name.isBlank()) {
                throw badRequest("'domain.name' must not be empty");
              }
              if (!name.equals(current.name()) && store.findDomainByName(tx, name).isPresent()) {
                throw IdentityService.duplicate("domain");
              }
              Domain domain =
                  new Domain(
                      current.id(),
                      name,
                      draft.description().orElse(current.description()),
                      draft.enabled().orElse(current.enabled()));
              store.updateDomain(tx, domain);
              return domain;
            });
    identity.invalidateCache();
    return updated;
  }

  /**
   * Deletes a disabled domain with its projects and users, as Keystone does; an enabled one is a
   * 403. The default domain holds the bootstrap administrator and is never deleted.
   */
  public void delete(Credentials caller, String id) {
    policy.authorize(IdentityPolicies.DELETE_DOMAIN, caller, Map.of("target.domain.id", id));
    transactor.run(
        tx -> {
          Domain domain = domain(tx, id);
          if (domain.enabled()) {
            throw new FaultlineException(
                ErrorCode.FORBIDDEN,
                "Cannot delete a domain that is enabled, please disable it first.");
          }
          if (domain.id().equals(Domain.DEFAULT_ID)) {
            throw new FaultlineException(
                ErrorCode.FORBIDDEN, "The default domain holds the bootstrap administrator.");
          }
          store.deleteDomain(tx, domain.id());
        });
    identity.invalidateCache();
  }

  private Domain domain(Transaction tx, String id) {
    return store
        .findDomain(tx, new DomainId(id))
        .orElseThrow(() -> notFound("Could not find domain: " + id + "."));
  }
}
