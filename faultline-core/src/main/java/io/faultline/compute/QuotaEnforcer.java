package io.faultline.compute;

import io.faultline.tx.Transaction;

/** Checks a server create against quotas inside its transaction; throws 403 when over. */
@FunctionalInterface
public interface QuotaEnforcer {
  QuotaEnforcer NONE = (tx, projectId, userId, flavor, metadataItems) -> {};

  void checkServerCreate(
      Transaction tx, String projectId, String userId, Flavor flavor, int metadataItems);

  /** Checks one more member of a server group that has {@code members}; none by default. */
  default void checkServerGroupMembers(Transaction tx, String projectId, int members) {}
}
