package io.faultline.compute;

import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Optional;

/** Persistence of flavors and of private flavors' project access. */
public interface FlavorStore {
  /** False when a flavor of that id or name exists (nothing is written then). */
  boolean insert(Transaction tx, FlavorSpec flavor);

  boolean delete(Transaction tx, FlavorId id);

  Optional<FlavorSpec> find(Transaction tx, String id);

  Optional<FlavorSpec> findByName(Transaction tx, String name);

  /** By memory, then id, as Nova orders flavors. */
  List<FlavorSpec> list(Transaction tx);

  void saveExtraSpecs(Transaction tx, FlavorSpec flavor);

  List<String> accessProjects(Transaction tx, FlavorId id);

  /** False when the project already had access. */
  boolean addAccess(Transaction tx, FlavorId id, String projectId);

  /** False when the project had no access. */
  boolean removeAccess(Transaction tx, FlavorId id, String projectId);
}
