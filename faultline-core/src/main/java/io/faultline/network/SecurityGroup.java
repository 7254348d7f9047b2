package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A Neutron security group of a project, with its rules (oldest first). The revision counts every
 * change to the group, its rules included, as Neutron's does.
 */
public record SecurityGroup(
    SecurityGroupId id,
    String projectId,
    String name,
    String description,
    List<SecurityGroupRule> rules,
    long revisionNumber,
    Instant createdAt,
    Instant updatedAt) {
  public static final String DEFAULT_NAME = "default";

  public SecurityGroup {
    requireNonNull(id, "id is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    rules = List.copyOf(requireNonNull(rules, "rules is null"));
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** The same group, its name and description as given, one revision on. */
  public SecurityGroup revised(String name, String description, Instant now) {
    return new SecurityGroup(
        id, projectId, name, description, rules, revisionNumber + 1, createdAt, now);
  }

  /** The same group, one revision on: a rule was added or removed. */
  public SecurityGroup touched(Instant now) {
    return revised(name, description, now);
  }
}
