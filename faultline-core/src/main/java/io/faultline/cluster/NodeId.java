package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** One {@code faultline serve} process in a cluster; a restarted process is a new node. */
public record NodeId(String value) {
  public NodeId {
    requireNonNull(value, "value is null");
    if (value.isBlank() || value.length() > 64) {
      throw new IllegalArgumentException("a node id has 1 to 64 characters: '" + value + "'");
    }
  }

  public static NodeId random() {
    return new NodeId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
