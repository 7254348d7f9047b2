package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** A role granted to a user on a project. */
public record RoleAssignment(UserId userId, ProjectId projectId, RoleId roleId) {
  public RoleAssignment {
    requireNonNull(userId, "userId is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(roleId, "roleId is null");
  }
}
