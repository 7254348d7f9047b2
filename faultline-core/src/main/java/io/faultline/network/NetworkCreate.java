package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A request to create a network; {@code projectId} defaults to the caller's project. */
public record NetworkCreate(
    Optional<String> projectId,
    String name,
    String description,
    boolean shared,
    boolean adminStateUp) {
  public NetworkCreate {
    requireNonNull(projectId, "projectId is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    Limits.check("project_id", projectId, Limits.PROJECT);
    Limits.check("name", name, Limits.NAME);
    Limits.check("description", description, Limits.DESCRIPTION);
  }
}
