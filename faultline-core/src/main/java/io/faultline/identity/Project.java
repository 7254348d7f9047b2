package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.validation.FieldLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keystone project (tenant): owns compute, network and alarm resources. {@code extra} holds the
 * attributes Keystone keeps without knowing them (any JSON value), returned as they were given.
 */
public record Project(
    ProjectId id,
    String name,
    DomainId domainId,
    String description,
    boolean enabled,
    List<String> tags,
    Map<String, Object> extra) {
  public Project {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(domainId, "domainId is null");
    description = description == null ? "" : description;
    FieldLimits.check("project.name", name, FieldLimits.NAME);
    FieldLimits.check("project.description", description, FieldLimits.DESCRIPTION);
    tags = List.copyOf(tags);
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  public Project(
      ProjectId id, String name, DomainId domainId, String description, boolean enabled) {
    this(id, name, domainId, description, enabled, List.of(), Map.of());
  }
}
