package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nova's flavors: everyone sees public flavors, a private one is seen by admins and the projects
 * given access; admins create and delete flavors, set extra specs and manage access.
 */
public final class FlavorService {
  private final FlavorStore store;
  private final Transactor transactor;
  private final Policy policy;

  public FlavorService(FlavorStore store, Transactor transactor, Policy policy) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
  }

  /**
   * The flavors the caller sees; {@code isPublic} empty means public and private (admins see all
   * private ones, others those of their project).
   */
  public List<FlavorSpec> list(Credentials credentials, Optional<Boolean> isPublic) {
    policy.authorize(ComputePolicies.FLAVORS_INDEX, credentials, Map.of());
    return transactor.inTransaction(
        tx ->
            store.list(tx).stream()
                .filter(f -> isPublic.map(p -> p == f.isPublic()).orElse(true))
                .filter(f -> visible(tx, credentials, f))
                .toList());
  }

  public FlavorSpec show(Credentials credentials, String id) {
    policy.authorize(ComputePolicies.FLAVORS_INDEX, credentials, Map.of());
    return transactor.inTransaction(tx -> visibleFlavor(tx, credentials, id));
  }

  /** The flavor a server create names, by id or name, if the caller may use it. */
  FlavorSpec forServer(Transaction tx, Credentials credentials, String idOrName) {
    return store
        .find(tx, idOrName)
        .or(() -> store.findByName(tx, idOrName))
        .filter(f -> visible(tx, credentials, f))
        .orElseThrow(
            () -> FaultlineException.badRequest("Flavor " + idOrName + " could not be found."));
  }

  public FlavorSpec create(Credentials credentials, FlavorSpec flavor) {
    policy.authorize(ComputePolicies.FLAVOR_MANAGE_CREATE, credentials, Map.of());
    transactor.run(
        tx -> {
          if (store.findByName(tx, flavor.flavor().name()).isPresent()) {
            throw FaultlineException.conflict(
                "Flavor with name " + flavor.flavor().name() + " already exists.");
          }
          if (!store.insert(tx, flavor)) {
            throw FaultlineException.conflict(
                "Flavor with ID " + flavor.flavor().id().value() + " already exists.");
          }
        });
    return flavor;
  }

  public void delete(Credentials credentials, String id) {
    policy.authorize(ComputePolicies.FLAVOR_MANAGE_DELETE, credentials, Map.of());
    if (!transactor.inTransaction(tx -> store.delete(tx, new FlavorId(id)))) {
      throw notFound(id);
    }
  }

  /** Merges {@code specs} into the flavor's extra specs (or removes one key, with null value). */
  public Map<String, String> setExtraSpecs(
      Credentials credentials, String id, Map<String, String> specs) {
    policy.authorize(ComputePolicies.FLAVOR_EXTRA_SPECS_UPDATE, credentials, Map.of());
    return transactor.inTransaction(
        tx -> {
          FlavorSpec flavor = store.find(tx, id).orElseThrow(() -> notFound(id));
          Map<String, String> merged = new LinkedHashMap<>(flavor.extraSpecs());
          merged.putAll(specs);
          store.saveExtraSpecs(tx, flavor.withExtraSpecs(merged));
          return FlavorSpec.checkSpecs(specs);
        });
  }

  public void deleteExtraSpec(Credentials credentials, String id, String key) {
    policy.authorize(ComputePolicies.FLAVOR_EXTRA_SPECS_DELETE, credentials, Map.of());
    transactor.run(
        tx -> {
          FlavorSpec flavor = store.find(tx, id).orElseThrow(() -> notFound(id));
          if (!flavor.extraSpecs().containsKey(key)) {
            throw FaultlineException.notFound(
                "Flavor " + id + " has no extra specs with key " + key + ".");
          }
          Map<String, String> remaining = new LinkedHashMap<>(flavor.extraSpecs());
          remaining.remove(key);
          store.saveExtraSpecs(tx, flavor.withExtraSpecs(remaining));
        });
  }

  public List<String> access(Credentials credentials, String id) {
    policy.authorize(ComputePolicies.FLAVOR_ACCESS, credentials, Map.of());
    return transactor.inTransaction(
        tx -> {
          FlavorSpec flavor = store.find(tx, id).orElseThrow(() -> notFound(id));
          if (flavor.isPublic()) {
            throw FaultlineException.notFound("Access list not available for public flavors.");
          }
          return store.accessProjects(tx, flavor.flavor().id());
        });
  }

  /**
   * Gives ({@code add}) or takes a project's access to a private flavor; returns the access list.
   */
  public List<String> changeAccess(
      Credentials credentials, String id, String projectId, boolean add) {
    policy.authorize(
        add ? ComputePolicies.FLAVOR_ACCESS_ADD : ComputePolicies.FLAVOR_ACCESS_REMOVE,
        credentials,
        Map.of());
    return transactor.inTransaction(
        tx -> {
          FlavorSpec flavor = store.find(tx, id).orElseThrow(() -> notFound(id));
          if (flavor.isPublic()) {
            throw FaultlineException.conflict("Can not add access to a public flavor.");
          }
          FlavorId flavorId = flavor.flavor().id();
          if (add && !store.addAccess(tx, flavorId, projectId)) {
            throw FaultlineException.conflict(
                "Flavor access already exists for flavor "
                    + id
                    + " and project "
                    + projectId
                    + " combination.");
          }
          if (!add && !store.removeAccess(tx, flavorId, projectId)) {
            throw FaultlineException.notFound(
                "Flavor access not found for " + id + " / " + projectId + " combination.");
          }
          return store.accessProjects(tx, flavorId);
        });
  }

  private FlavorSpec visibleFlavor(Transaction tx, Credentials credentials, String id) {
    return store
        .find(tx, id)
        .filter(f -> visible(tx, credentials, f))
        .orElseThrow(() -> notFound(id));
  }

  private boolean visible(Transaction tx, Credentials credentials, FlavorSpec flavor) {
    if (flavor.isPublic() || policy.allows(ComputePolicies.FLAVOR_ACCESS, credentials, Map.of())) {
      return true;
    }
    return credentials
        .projectId()
        .map(project -> store.accessProjects(tx, flavor.flavor().id()).contains(project))
        .orElse(false);
  }

  private static FaultlineException notFound(String id) {
    return FaultlineException.notFound("Flavor " + id + " could not be found.");
  }
}
