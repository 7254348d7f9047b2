package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Keystone application credential: a secret (kept as a bcrypt hash) that lets an agent or a
 * monitor act as its user on one project, with at most the roles delegated to it, and without the
 * user's password. An unrestricted one may also manage application credentials and trusts.
 */
public record ApplicationCredential(
    ApplicationCredentialId id,
    UserId userId,
    ProjectId projectId,
    String name,
    String description,
    String secretHash,
    Optional<Instant> expiresAt,
    boolean unrestricted,
    List<RoleId> roleIds) {
  public ApplicationCredential {
    requireNonNull(id, "id is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(name, "name is null");
    description = description == null ? "" : description;
    requireNonNull(secretHash, "secretHash is null");
    requireNonNull(expiresAt, "expiresAt is null");
    roleIds = List.copyOf(roleIds);
  }

  public boolean isExpired(Instant now) {
    return expiresAt.map(at -> !now.isBefore(at)).orElse(false);
  }
}
