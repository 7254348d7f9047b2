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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone's implied roles ({@code /v3/roles/{prior}/implies/{implied}}): whoever has the prior
 * role also has the implied one, transitively. {@code admin} is never implied (Keystone's {@code
 * prohibited_implied_role}), and no rule may close a cycle.
 */
public final class RoleInferenceService {
  private static final String PROHIBITED = "admin";

  private final IdentityStore store;
  private final Transactor transactor;
  private final Policy policy;
  private final IdentityService identity;

  public RoleInferenceService(
      IdentityStore store, Transactor transactor, IdentityService identity) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.policy = identity.policy();
  }

  /** A rule with both roles, as the API shows it. */
  public record Inference(Role prior, Role implied) {}

  /** Every role a prior role implies directly. */
  public record Implications(Role prior, List<Role> implied) {}

  public Inference create(Credentials caller, String priorId, String impliedId) {
    policy.authorize(IdentityPolicies.CREATE_IMPLIED_ROLE, caller, Map.of());
    Inference created =
        transactor.inTransaction(
            tx -> {
              Inference inference = new Inference(role(tx, priorId), role(tx, impliedId));
              if (inference.implied().name().equals(PROHIBITED)) {
                throw new FaultlineException(
                    ErrorCode.FORBIDDEN, PROHIBITED + " role cannot be an implied role.");
              }
              if (inference.prior().id().equals(inference.implied().id())
                  || implies(tx, inference.implied().id(), inference.prior().id())) {
                throw badRequest(
                    "Role "
                        + inference.implied().name()
                        + " already implies "
                        + inference.prior().name()
                        + "; the rule would make a cycle.");
              }
              store.insertRoleInference(
                  tx, new RoleInference(inference.prior().id(), inference.implied().id()));
              return inference;
            });
    identity.invalidateCache();
    return created;
  }

  public Inference get(Credentials caller, String priorId, String impliedId) {
    policy.authorize(IdentityPolicies.GET_IMPLIED_ROLE, caller, Map.of());
    return transactor.inTransaction(
        tx -> {
          Inference inference = new Inference(role(tx, priorId), role(tx, impliedId));
          RoleInference rule = new RoleInference(inference.prior().id(), inference.implied().id());
          if (!store.listRoleInferences(tx).contains(rule)) {
            throw notFound(
                "Could not find implied role: " + priorId + " implies " + impliedId + ".");
          }
          return inference;
        });
  }

  public void delete(Credentials caller, String priorId, String impliedId) {
    policy.authorize(IdentityPolicies.DELETE_IMPLIED_ROLE, caller, Map.of());
    transactor.run(
        tx -> {
          RoleInference rule = new RoleInference(role(tx, priorId).id(), role(tx, impliedId).id());
          if (!store.deleteRoleInference(tx, rule)) {
            throw notFound(
                "Could not find implied role: " + priorId + " implies " + impliedId + ".");
          }
        });
    identity.invalidateCache();
  }

  public Implications listFor(Credentials caller, String priorId) {
    policy.authorize(IdentityPolicies.LIST_IMPLIED_ROLES, caller, Map.of());
    return transactor.inTransaction(
        tx -> {
          Role prior = role(tx, priorId);
          return new Implications(prior, directlyImplied(tx, prior.id()));
        });
  }

  /** {@code GET /v3/role_inferences}: every prior role with what it implies. */
  public List<Implications> list(Credentials caller) {
    policy.authorize(IdentityPolicies.LIST_ROLE_INFERENCE_RULES, caller, Map.of());
    return transactor.inTransaction(
        tx -> {
          Map<RoleId, List<Role>> byPrior = new LinkedHashMap<>();
          for (RoleInference rule : store.listRoleInferences(tx)) {
            store
                .findRole(tx, rule.impliedRoleId())
                .ifPresent(
                    implied ->
                        byPrior
                            .computeIfAbsent(rule.priorRoleId(), id -> new ArrayList<>())
                            .add(implied));
          }
          List<Implications> result = new ArrayList<>();
          byPrior.forEach(
              (prior, implied) ->
                  store
                      .findRole(tx, prior)
                      .ifPresent(role -> result.add(new Implications(role, implied))));
          return result;
        });
  }

  private List<Role> directlyImplied(Transaction tx, RoleId prior) {
    List<Role> implied = new ArrayList<>();
    for (RoleInference rule : store.listRoleInferences(tx)) {
      if (rule.priorRoleId().equals(prior)) {
        store.findRole(tx, rule.impliedRoleId()).ifPresent(implied::add);
      }
    }
    return implied;
  }

  private boolean implies(Transaction tx, RoleId from, RoleId target) {
    return identity.closure(tx, List.of(role(tx, from.value()))).stream()
        .anyMatch(role -> role.id().equals(target));
  }

  private Role role(Transaction tx, String id) {
    return store
        .findRole(tx, new RoleId(id))
        .orElseThrow(() -> notFound("Could not find role: " + id + "."));
  }
}
