package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A Neutron network: a project's L2 segment, optionally shared with every project. */
public record Network(
    NetworkId id,
    String name,
    String description,
    String projectId,
    boolean shared,
    boolean adminStateUp,
    String status,
    long revisionNumber,
    Instant createdAt,
    Instant updatedAt) {
  public static final String ACTIVE = "ACTIVE";

  public Network {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(status, "status is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** This network after a change made at {@code now}: the revision moves on. */
  public Network revised(
      String newName,
      String newDescription,
      boolean newShared,
      boolean newAdminStateUp,
      Instant now) {
    return new Network(
        id,
        newName,
        newDescription,
        projectId,
        newShared,
        newAdminStateUp,
        status,
        revisionNumber + 1,
        createdAt,
        now);
  }
}
