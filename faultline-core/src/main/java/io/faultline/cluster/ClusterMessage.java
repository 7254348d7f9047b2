package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

/**
 * What one node tells every other: a change to something they hold in memory. The subject names
 * what changed; receivers read the truth from the store, so a message carries no state.
 */
public record ClusterMessage(Kind kind, String subject) {
  public enum Kind {
    /** An alarm was created, changed or deleted; subject: its id. */
    ALARM_CHANGED,
    /** Cached token validations are stale; subject: a token's hash, or empty for all. */
    TOKENS_INVALIDATED,
    /** A host's agent beat; subject: the host. */
    HOST_BEAT
  }

  public ClusterMessage {
    requireNonNull(kind, "kind is null");
    requireNonNull(subject, "subject is null");
  }
}
