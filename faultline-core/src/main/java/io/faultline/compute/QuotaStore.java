package io.faultline.compute;

import io.faultline.tx.Transaction;
import java.util.Map;

/**
 * Stored quota limits: a class's (Nova has one, {@code default}) and a project's or, with a user
 * id, one user's in a project. A resource without a row inherits from the level above.
 */
public interface QuotaStore {
  /** The project-level rows use this user id. */
  String PROJECT_LEVEL = "";

  Map<ComputeQuota, Long> classLimits(Transaction tx, String className);

  /** Inserts or replaces the given limits of the class; others are left as they are. */
  void setClassLimits(Transaction tx, String className, Map<ComputeQuota, Long> limits);

  Map<ComputeQuota, Long> limits(Transaction tx, String projectId, String userId);

  /** Inserts or replaces the given limits; others are left as they are. */
  void setLimits(Transaction tx, String projectId, String userId, Map<ComputeQuota, Long> limits);

  /** Removes the user's rows, or with {@link #PROJECT_LEVEL} every row of the project. */
  void deleteLimits(Transaction tx, String projectId, String userId);
}
