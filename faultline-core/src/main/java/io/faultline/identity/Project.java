package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.validation.FieldLimits;

/** A Keystone project (tenant): owns compute, network and alarm resources. */
public record Project(
    ProjectId id, String name, DomainId domainId, String description, boolean enabled) {
  public Project {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(domainId, "domainId is null");
    description = description == null ? "" : description;
    FieldLimits.check("project.name", name, FieldLimits.NAME);
    FieldLimits.check("project.description", description, FieldLimits.DESCRIPTION);
  }
}
