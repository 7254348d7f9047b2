package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An issued token as stored: only the SHA-256 of the secret the client holds, who it was issued to,
 * its scope and its lifetime. Roles are resolved at validation, so a revoked grant takes effect.
 */
public record Token(
    String secretHash,
    UserId userId,
    Optional<ProjectId> projectId,
    Instant issuedAt,
    Instant expiresAt,
    String auditId) {
  public Token {
    requireNonNull(secretHash, "secretHash is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(issuedAt, "issuedAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(auditId, "auditId is null");
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
