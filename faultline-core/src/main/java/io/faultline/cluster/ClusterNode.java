package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A node as the store holds it: live while its lease has not expired. */
public record ClusterNode(NodeId id, String address, Instant startedAt, Instant expiresAt) {
  public ClusterNode {
    requireNonNull(id, "id is null");
    requireNonNull(address, "address is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }

  public boolean liveAt(Instant now) {
    return expiresAt.isAfter(now);
  }
}
