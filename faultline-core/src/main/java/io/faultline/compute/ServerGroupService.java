package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transactor;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Nova's os-server-groups: a project's groups, created empty with one policy; servers join one at
 * boot (scheduler hint {@code group}, see {@link ServerService#create}) and leave it when deleted.
 * A project's group count is under the {@code server_groups} quota.
 */
public final class ServerGroupService {
  private final ServerGroupStore store;
  private final QuotaService quotas;
  private final Transactor transactor;
  private final Policy policy;
  private final InstantSource clock;

  public ServerGroupService(
      ServerGroupStore store,
      QuotaService quotas,
      Transactor transactor,
      Policy policy,
      InstantSource clock) {
    this.store = requireNonNull(store, "store is null");
    this.quotas = requireNonNull(quotas, "quotas is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public ServerGroup create(Credentials credentials, String name, GroupPolicy groupPolicy) {
    String projectId = credentials.requireProjectId();
    policy.authorize(ComputePolicies.SERVER_GROUPS_CREATE, credentials, projectId);
    checkName(name);
    requireNonNull(groupPolicy, "groupPolicy is null");
    ServerGroup group =
        new ServerGroup(
            UUID.randomUUID().toString(),
            name,
            groupPolicy,
            projectId,
            credentials.userId(),
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            List.of());
    transactor.run(
        tx -> {
          quotas.checkServerGroupCreate(tx, projectId);
          store.insert(tx, group);
        });
    return group;
  }

  /**
   * The caller's project's groups; every project's when {@code allProjects} and the policy lets the
   * caller (otherwise the flag is ignored, as Nova does).
   */
  public List<ServerGroup> list(
      Credentials credentials, boolean allProjects, int offset, int limit) {
    String projectId = credentials.requireProjectId();
    policy.authorize(ComputePolicies.SERVER_GROUPS_INDEX, credentials, projectId);
    boolean all =
        allProjects
            && policy.allows(
                ComputePolicies.SERVER_GROUPS_INDEX_ALL_PROJECTS,
                credentials,
                Map.of("project_id", projectId));
    Optional<String> project = all ? Optional.empty() : Optional.of(projectId);
    return transactor.inTransaction(tx -> store.list(tx, project, offset, limit));
  }

  public ServerGroup show(Credentials credentials, String id) {
    ServerGroup group =
        transactor.inTransaction(tx -> store.find(tx, id)).orElseThrow(() -> notFound(id));
    policy.authorize(ComputePolicies.SERVER_GROUPS_SHOW, credentials, group.projectId());
    return group;
  }

  /** Deletes the group; its members stay, outside any group. */
  public void delete(Credentials credentials, String id) {
    transactor.run(
        tx -> {
          ServerGroup group = store.lock(tx, id).orElseThrow(() -> notFound(id));
          policy.authorize(ComputePolicies.SERVER_GROUPS_DELETE, credentials, group.projectId());
          store.delete(tx, id);
        });
  }

  static FaultlineException notFound(String id) {
    return FaultlineException.notFound("Instance group " + id + " could not be found.");
  }

  /** Nova's name: 1 to 255 characters, no leading or trailing whitespace. */
  static void checkName(String name) {
    if (name.isEmpty()
        || name.length() > 255
        || Character.isWhitespace(name.charAt(0))
        || Character.isWhitespace(name.charAt(name.length() - 1))) {
      throw FaultlineException.badRequest(
          "server_group.name must be 1 to 255 characters, without leading or trailing"
              + " whitespace");
    }
  }
}
