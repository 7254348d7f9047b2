package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A Nova server group: a policy that places its members (servers booted with the scheduler hint
 * {@code group}) together or apart. Members are listed in the order they joined.
 */
public record ServerGroup(
    String id,
    String name,
    GroupPolicy policy,
    String projectId,
    String userId,
    Instant createdAt,
    List<InstanceId> members) {
  public ServerGroup {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(createdAt, "createdAt is null");
    members = List.copyOf(requireNonNull(members, "members is null"));
  }
}
