package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a list of role assignments keeps: those of the user, project and role given, if given. */
public record RoleAssignmentFilter(
    Optional<String> userId, Optional<String> projectId, Optional<String> roleId) {
  public RoleAssignmentFilter {
    requireNonNull(userId, "userId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(roleId, "roleId is null");
  }

  /** Keeps every assignment. */
  public static RoleAssignmentFilter any() {
    return new RoleAssignmentFilter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean matches(RoleAssignment assignment) {
    return userId.map(assignment.userId().value()::equals).orElse(true)
        && projectId.map(assignment.projectId().value()::equals).orElse(true)
        && roleId.map(assignment.roleId().value()::equals).orElse(true);
  }
}
