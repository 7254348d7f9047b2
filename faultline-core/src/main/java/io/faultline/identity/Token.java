package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An issued token as stored: only the SHA-256 of the secret the client holds, who it was issued to,
 * its scope, its lifetime, the methods that proved the identity and, when one did, the application
 * credential. Roles are resolved at validation, so a revoked grant takes effect.
 */
public record Token(
    String secretHash,
    UserId userId,
    Optional<ProjectId> projectId,
    Instant issuedAt,
    Instant expiresAt,
    String auditId,
    List<String> methods,
    Optional<ApplicationCredentialId> applicationCredentialId) {
  public Token {
    requireNonNull(secretHash, "secretHash is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(issuedAt, "issuedAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
    requireNonNull(auditId, "auditId is null");
    methods = List.copyOf(methods);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("a token is issued by at least one method");
    }
    requireNonNull(applicationCredentialId, "applicationCredentialId is null");
  }

  public Token(
      String secretHash,
      UserId userId,
      Optional<ProjectId> projectId,
      Instant issuedAt,
      Instant expiresAt,
      String auditId) {
    this(
        secretHash,
        userId,
        projectId,
        issuedAt,
        expiresAt,
        auditId,
        List.of("password"),
        Optional.empty());
  }

  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
