package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Nova's compute quotas: the default class, per-project and per-user limits, and their enforcement
 * at server create. A limit of -1 is unlimited. Limits resolve user, then project, then the default
 * class, then Nova's built-in defaults.
 */
public final class QuotaService implements QuotaEnforcer {
  public static final String DEFAULT_CLASS = "default";

  private final QuotaStore quotas;
  private final ComputeStore compute;
  private final KeypairStore keypairs;
  private final ServerGroupStore groups;
  private final Transactor transactor;
  private final Policy policy;

  public QuotaService(
      QuotaStore quotas,
      ComputeStore compute,
      KeypairStore keypairs,
      ServerGroupStore groups,
      Transactor transactor,
      Policy policy) {
    this.quotas = requireNonNull(quotas, "quotas is null");
    this.compute = requireNonNull(compute, "compute is null");
    this.keypairs = requireNonNull(keypairs, "keypairs is null");
    this.groups = requireNonNull(groups, "groups is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
  }

  /** One resource's limit and what is used of it. */
  public record Usage(long limit, long inUse) {}

  public Map<ComputeQuota, Long> showClass(Credentials credentials, String className) {
    policy.authorize(ComputePolicies.QUOTA_CLASS_SHOW, credentials, Map.of());
    return transactor.inTransaction(tx -> classDefaults(tx, className));
  }

  public Map<ComputeQuota, Long> updateClass(
      Credentials credentials, String className, Map<ComputeQuota, Long> limits) {
    policy.authorize(ComputePolicies.QUOTA_CLASS_UPDATE, credentials, Map.of());
    checkValues(limits);
    return transactor.inTransaction(
        tx -> {
          quotas.setClassLimits(tx, className, limits);
          return classDefaults(tx, className);
        });
  }

  public Map<ComputeQuota, Long> defaults(Credentials credentials, String projectId) {
    policy.authorize(ComputePolicies.QUOTA_DEFAULTS, credentials, projectId);
    return transactor.inTransaction(tx -> classDefaults(tx, DEFAULT_CLASS));
  }

  public Map<ComputeQuota, Long> show(
      Credentials credentials, String projectId, Optional<String> userId) {
    policy.authorize(ComputePolicies.QUOTA_SHOW, credentials, projectId);
    return transactor.inTransaction(tx -> effective(tx, projectId, userId));
  }

  public Map<ComputeQuota, Usage> detail(
      Credentials credentials, String projectId, Optional<String> userId) {
    policy.authorize(ComputePolicies.QUOTA_DETAIL, credentials, projectId);
    return transactor.inTransaction(
        tx -> usage(tx, projectId, userId, userId.or(() -> Optional.of(credentials.userId()))));
  }

  /**
   * Nova's {@code GET /limits}: the project's limits with what it uses, for the caller's project
   * or, for an admin, {@code otherProject}; key pairs are the caller's own.
   */
  public Map<ComputeQuota, Usage> limits(Credentials credentials, Optional<String> otherProject) {
    String own = credentials.requireProjectId();
    String projectId = otherProject.orElse(own);
    policy.authorize(ComputePolicies.LIMITS, credentials, own);
    if (!projectId.equals(own)) {
      policy.authorize(ComputePolicies.LIMITS_OTHER_PROJECT, credentials, projectId);
    }
    return transactor.inTransaction(
        tx -> usage(tx, projectId, Optional.empty(), Optional.of(credentials.userId())));
  }

  /**
   * Sets limits. Unless forced, a limit below what is in use is refused, and a user's limit may not
   * exceed the project's, as Nova checks.
   */
  public Map<ComputeQuota, Long> update(
      Credentials credentials,
      String projectId,
      Optional<String> userId,
      Map<ComputeQuota, Long> limits,
      boolean force) {
    policy.authorize(ComputePolicies.QUOTA_UPDATE, credentials, projectId);
    checkValues(limits);
    return transactor.inTransaction(
        tx -> {
          if (!force) {
            Map<ComputeQuota, Long> used = used(tx, projectId, userId, userId);
            Map<ComputeQuota, Long> project = effective(tx, projectId, Optional.empty());
            limits.forEach(
                (quota, limit) -> {
                  long inUse = used.getOrDefault(quota, 0L);
                  if (limit != -1 && limit < inUse) {
                    throw FaultlineException.badRequest(
                        "Quota limit "
                            + limit
                            + " for "
                            + quota.wireName()
                            + " must be greater than or equal to already used and reserved "
                            + inUse
                            + ".");
                  }
                  long maximum = project.get(quota);
                  if (userId.isPresent() && maximum != -1 && (limit == -1 || limit > maximum)) {
                    throw FaultlineException.badRequest(
                        "Quota limit "
                            + limit
                            + " for "
                            + quota.wireName()
                            + " must be less than or equal to "
                            + maximum
                            + ".");
                  }
                });
          }
          quotas.setLimits(tx, projectId, userId.orElse(QuotaStore.PROJECT_LEVEL), limits);
          return effective(tx, projectId, userId);
        });
  }

  /** Back to the defaults: the project's (and its users') rows, or one user's. */
  public void delete(Credentials credentials, String projectId, Optional<String> userId) {
    policy.authorize(ComputePolicies.QUOTA_DELETE, credentials, projectId);
    transactor.run(
        tx -> quotas.deleteLimits(tx, projectId, userId.orElse(QuotaStore.PROJECT_LEVEL)));
  }

  @Override
  public void checkServerCreate(
      Transaction tx, String projectId, String userId, Flavor flavor, int metadataItems) {
    Map<ComputeQuota, Long> projectLimits = effective(tx, projectId, Optional.empty());
    checkMetadata(projectLimits, metadataItems);
    checkUsage(projectLimits, compute.usageOfProject(tx, projectId, Optional.empty()), flavor);
    Map<ComputeQuota, Long> userRows = quotas.limits(tx, projectId, userId);
    if (!userRows.isEmpty()) {
      Map<ComputeQuota, Long> userLimits = effective(tx, projectId, Optional.of(userId));
      checkUsage(userLimits, compute.usageOfProject(tx, projectId, Optional.of(userId)), flavor);
    }
  }

  /** The project's effective limit of one resource. */
  long limitOf(Transaction tx, String projectId, ComputeQuota quota) {
    return effective(tx, projectId, Optional.empty()).get(quota);
  }

  /** The key-pair limit of the user's current project. */
  public void checkKeypairCreate(Transaction tx, Credentials credentials, String userId) {
    long limit =
        credentials
            .projectId()
            .map(p -> effective(tx, p, Optional.of(userId)).get(ComputeQuota.KEY_PAIRS))
            .orElse(ComputeQuota.KEY_PAIRS.builtInDefault());
    if (limit != -1 && keypairs.count(tx, userId) + 1 > limit) {
      throw FaultlineException.forbidden("Quota exceeded, too many key pairs.");
    }
  }

  /** The project's {@code server_groups} limit, against the groups it has. */
  void checkServerGroupCreate(Transaction tx, String projectId) {
    checkOneMore(
        tx,
        projectId,
        ComputeQuota.SERVER_GROUPS,
        groups.count(tx, projectId),
        "Quota exceeded, too many server groups.");
  }

  /** The project's {@code server_group_members} limit, against a group's {@code members}. */
  @Override
  public void checkServerGroupMembers(Transaction tx, String projectId, int members) {
    checkOneMore(
        tx,
        projectId,
        ComputeQuota.SERVER_GROUP_MEMBERS,
        members,
        "Quota exceeded, too many servers in group");
  }

  /** A 403 with {@code message} when one more than {@code used} is over the project's limit. */
  private void checkOneMore(
      Transaction tx, String projectId, ComputeQuota quota, long used, String message) {
    long limit = limitOf(tx, projectId, quota);
    if (limit != -1 && used + 1 > limit) {
      throw FaultlineException.forbidden(message);
    }
  }

  private static void checkMetadata(Map<ComputeQuota, Long> limits, int metadataItems) {
    long allowed = limits.get(ComputeQuota.METADATA_ITEMS);
    if (allowed != -1 && metadataItems > allowed) {
      throw FaultlineException.forbidden(
          "Quota exceeded for metadata_items: Maximum number of metadata items exceeds " + allowed);
    }
  }

  private static void checkUsage(Map<ComputeQuota, Long> limits, HostUsage used, Flavor flavor) {
    over(limits, ComputeQuota.INSTANCES, 1, used.instances());
    over(limits, ComputeQuota.CORES, flavor.vcpus(), used.vcpus());
    over(limits, ComputeQuota.RAM, flavor.memoryMb(), used.memoryMb());
  }

  /** Nova's TooManyInstances message. */
  private static void over(
      Map<ComputeQuota, Long> limits, ComputeQuota quota, long requested, long used) {
    long allowed = limits.get(quota);
    if (allowed != -1 && used + requested > allowed) {
      String name = quota.wireName();
      throw FaultlineException.forbidden(
          "Quota exceeded for "
              + name
              + ": Requested "
              + requested
              + ", but already used "
              + used
              + " of "
              + allowed
              + " "
              + name);
    }
  }

  /** Each limit with what is in use against it. */
  private Map<ComputeQuota, Usage> usage(
      Transaction tx, String projectId, Optional<String> userId, Optional<String> keypairUser) {
    Map<ComputeQuota, Long> limits = effective(tx, projectId, userId);
    Map<ComputeQuota, Long> used = used(tx, projectId, userId, keypairUser);
    Map<ComputeQuota, Usage> usage = new EnumMap<>(ComputeQuota.class);
    limits.forEach((q, limit) -> usage.put(q, new Usage(limit, used.getOrDefault(q, 0L))));
    return usage;
  }

  /**
   * Instances, cores and ram of the project (or one user of it), its server groups, key pairs of a
   * user.
   */
  private Map<ComputeQuota, Long> used(
      Transaction tx, String projectId, Optional<String> userId, Optional<String> keypairUser) {
    HostUsage usage = compute.usageOfProject(tx, projectId, userId);
    Map<ComputeQuota, Long> used = new EnumMap<>(ComputeQuota.class);
    used.put(ComputeQuota.INSTANCES, (long) usage.instances());
    used.put(ComputeQuota.CORES, (long) usage.vcpus());
    used.put(ComputeQuota.RAM, usage.memoryMb());
    used.put(ComputeQuota.SERVER_GROUPS, (long) groups.count(tx, projectId));
    keypairUser.ifPresent(
        user -> used.put(ComputeQuota.KEY_PAIRS, (long) keypairs.count(tx, user)));
    return used;
  }

  private Map<ComputeQuota, Long> classDefaults(Transaction tx, String className) {
    Map<ComputeQuota, Long> limits = new EnumMap<>(ComputeQuota.class);
    for (ComputeQuota quota : ComputeQuota.values()) {
      limits.put(quota, quota.builtInDefault());
    }
    limits.putAll(quotas.classLimits(tx, className));
    return limits;
  }

  private Map<ComputeQuota, Long> effective(
      Transaction tx, String projectId, Optional<String> userId) {
    Map<ComputeQuota, Long> limits = classDefaults(tx, DEFAULT_CLASS);
    limits.putAll(quotas.limits(tx, projectId, QuotaStore.PROJECT_LEVEL));
    userId.ifPresent(user -> limits.putAll(quotas.limits(tx, projectId, user)));
    return limits;
  }

  private static void checkValues(Map<ComputeQuota, Long> limits) {
    limits.forEach(
        (quota, limit) -> {
          if (limit < -1) {
            throw FaultlineException.badRequest(
                "Invalid input for field/attribute "
                    + quota.wireName()
                    + ". Value: "
                    + limit
                    + ". "
                    + limit
                    + " is less than the minimum of -1");
          }
        });
  }
}
