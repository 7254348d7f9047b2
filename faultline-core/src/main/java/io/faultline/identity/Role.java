package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.validation.FieldLimits;

/** A Keystone role, granted to users on projects. */
public record Role(RoleId id, String name) {
  public Role {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    FieldLimits.check("role.name", name, FieldLimits.NAME);
  }
}
