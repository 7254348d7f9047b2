package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.validation.FieldLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Keystone user. The password is kept only as a bcrypt hash. {@code extra} holds the attributes
 * Keystone keeps without knowing them, returned as they were given.
 */
public record User(
    UserId id,
    String name,
    DomainId domainId,
    Optional<ProjectId> defaultProjectId,
    Optional<String> email,
    String description,
    boolean enabled,
    Optional<String> passwordHash,
    Map<String, Object> extra) {
  public User {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(domainId, "domainId is null");
    requireNonNull(defaultProjectId, "defaultProjectId is null");
    requireNonNull(email, "email is null");
    description = description == null ? "" : description;
    requireNonNull(passwordHash, "passwordHash is null");
    FieldLimits.check("user.name", name, FieldLimits.NAME);
    FieldLimits.check("user.email", email, FieldLimits.NAME);
    FieldLimits.check("user.description", description, FieldLimits.DESCRIPTION);
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  public User(
      UserId id,
      String name,
      DomainId domainId,
      Optional<ProjectId> defaultProjectId,
      Optional<String> email,
      String description,
      boolean enabled,
      Optional<String> passwordHash) {
    this(id, name, domainId, defaultProjectId, email, description, enabled, passwordHash, Map.of());
  }

  public User withPasswordHash(String hash) {
    return new User(
        id,
        name,
        domainId,
        defaultProjectId,
        email,
        description,
        enabled,
        Optional.of(hash),
        extra);
  }
}
