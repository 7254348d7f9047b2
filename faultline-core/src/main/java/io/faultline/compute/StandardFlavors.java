package io.faultline.compute;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * The standard five flavors, in memory and read-only: the flavor store of a compute service built
 * without one (tests, benchmarks). Writes are refused.
 */
public final class StandardFlavors implements FlavorStore {
  @Override
  public boolean insert(Transaction tx, FlavorSpec flavor) {
    throw new UnsupportedOperationException("the standard flavors are read-only");
  }

  @Override
  public boolean delete(Transaction tx, FlavorId id) {
    throw new UnsupportedOperationException("the standard flavors are read-only");
  }

  @Override
  public Optional<FlavorSpec> find(Transaction tx, String id) {
    return list(tx).stream().filter(f -> f.flavor().id().value().equals(id)).findFirst();
  }

  @Override
  public Optional<FlavorSpec> findByName(Transaction tx, String name) {
    return list(tx).stream().filter(f -> f.flavor().name().equals(name)).findFirst();
  }

  @Override
  public List<FlavorSpec> list(Transaction tx) {
    return Flavor.STANDARD.stream().map(FlavorSpec::standard).toList();
  }

  @Override
  public void saveExtraSpecs(Transaction tx, FlavorSpec flavor) {
    throw new UnsupportedOperationException("the standard flavors are read-only");
  }

  @Override
  public List<String> accessProjects(Transaction tx, FlavorId id) {
    return List.of();
  }

  @Override
  public boolean addAccess(Transaction tx, FlavorId id, String projectId) {
    throw new UnsupportedOperationException("the standard flavors are read-only");
  }

  @Override
  public boolean removeAccess(Transaction tx, FlavorId id, String projectId) {
    throw new UnsupportedOperationException("the standard flavors are read-only");
  }
}
