package io.faultline.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the user, the project the token is scoped to (absent when unscoped) and the
 * effective role names on it (implied roles included: admin implies member implies reader).
 */
public record Credentials(
    String userId,
    String userName,
    String userDomainId,
    Optional<String> projectId,
    Optional<String> projectName,
    Set<String> roles) {
  public Credentials {
    requireNonNull(userId, "userId is null");
    requireNonNull(userName, "userName is null");
    requireNonNull(userDomainId, "userDomainId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(projectName, "projectName is null");
    roles = Set.copyOf(requireNonNull(roles, "roles is null"));
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return roles.contains("admin");
  }

  /** The scoped project; callers that need one get a 401-free, clear error when it is absent. */
  public String requireProjectId() {
    return projectId.orElseThrow(
        () ->
            io.faultline.error.FaultlineException.forbidden(
                "this operation needs a project-scoped token"));
  }
}
