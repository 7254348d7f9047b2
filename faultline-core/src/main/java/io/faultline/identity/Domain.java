package io.faultline.identity;

import static java.util.Objects.requireNonNull;

/** A Keystone domain: the namespace of projects and users. */
public record Domain(DomainId id, String name, String description, boolean enabled) {
  public static final DomainId DEFAULT_ID = new DomainId("default");

  public Domain {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    description = description == null ? "" : description;
  }
}
