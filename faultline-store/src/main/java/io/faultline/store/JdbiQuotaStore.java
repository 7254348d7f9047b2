package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import io.faultline.compute.ComputeQuota;
import io.faultline.compute.QuotaStore;
import io.faultline.tx.Transaction;
import java.util.EnumMap;
import java.util.Map;

/** Quota limits in {@code compute_quota_class} and {@code compute_quota}. */
public final class JdbiQuotaStore implements QuotaStore {
  @Override
  public Map<ComputeQuota, Long> classLimits(Transaction tx, String className) {
    Map<ComputeQuota, Long> limits = new EnumMap<>(ComputeQuota.class);
    handle(tx)
        .createQuery(
            "SELECT resource, hard_limit FROM compute_quota_class WHERE class_name = :name")
        .bind("name", className)
        .map((rs, ctx) -> Map.entry(rs.getString("resource"), rs.getLong("hard_limit")))
        .forEach(entry -> put(limits, entry));
    return limits;
  }

  @Override
  public void setClassLimits(Transaction tx, String className, Map<ComputeQuota, Long> limits) {
    limits.forEach(
        (quota, limit) -> {
          handle(tx)
              .execute(
                  "DELETE FROM compute_quota_class WHERE class_name = ? AND resource = ?",
                  className,
                  quota.wireName());
          handle(tx)
              .execute(
                  "INSERT INTO compute_quota_class (class_name, resource, hard_limit)"
                      + " VALUES (?, ?, ?)",
                  className,
                  quota.wireName(),
                  limit);
        });
  }

  @Override
  public Map<ComputeQuota, Long> limits(Transaction tx, String projectId, String userId) {
    Map<ComputeQuota, Long> limits = new EnumMap<>(ComputeQuota.class);
    handle(tx)
        .createQuery(
            "SELECT resource, hard_limit FROM compute_quota WHERE project_id = :project"
                + " AND user_id = :user")
        .bind("project", projectId)
        .bind("user", userId)
        .map((rs, ctx) -> Map.entry(rs.getString("resource"), rs.getLong("hard_limit")))
        .forEach(entry -> put(limits, entry));
    return limits;
  }

  @Override
  public void setLimits(
      Transaction tx, String projectId, String userId, Map<ComputeQuota, Long> limits) {
    limits.forEach(
        (quota, limit) -> {
          handle(tx)
              .execute(
                  "DELETE FROM compute_quota WHERE project_id = ? AND user_id = ? AND resource = ?",
                  projectId,
                  userId,
                  quota.wireName());
          handle(tx)
              .execute(
                  "INSERT INTO compute_quota (project_id, user_id, resource, hard_limit)"
                      + " VALUES (?, ?, ?, ?)",
                  projectId,
                  userId,
                  quota.wireName(),
                  limit);
        });
  }

  @Override
  public void deleteLimits(Transaction tx, String projectId, String userId) {
    if (userId.equals(PROJECT_LEVEL)) {
      handle(tx).execute("DELETE FROM compute_quota WHERE project_id = ?", projectId);
    } else {
      handle(tx)
          .execute(
              "DELETE FROM compute_quota WHERE project_id = ? AND user_id = ?", projectId, userId);
    }
  }

  /** A resource this version does not know (written by a newer one) is skipped. */
  private static void put(Map<ComputeQuota, Long> limits, Map.Entry<String, Long> row) {
    ComputeQuota.fromWire(row.getKey()).ifPresent(quota -> limits.put(quota, row.getValue()));
  }
}
