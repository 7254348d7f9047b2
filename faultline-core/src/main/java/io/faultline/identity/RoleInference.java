package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** A Keystone implied role: whoever is granted {@code prior} also has {@code implied}. */
public record RoleInference(RoleId priorRoleId, RoleId impliedRoleId) {
  public RoleInference {
    requireNonNull(priorRoleId, "priorRoleId is null");
    requireNonNull(impliedRoleId, "impliedRoleId is null");
  }
}
