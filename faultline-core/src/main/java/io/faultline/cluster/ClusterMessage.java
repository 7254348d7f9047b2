package io.faultline.cluster;

import static java.util.Objects.requireNonNull;

/**
 * What one node tells every other: a change to something they hold in memory. The subject names
 * what changed; receivers read the truth from the store, so a message carries no state.
 */
public record ClusterMessage(Kind kind, String subject) {
  public enum Kind {
    /** An alarm was created, changed or deleted; subject: its id. */
    ALARM_CHANGED(true),
    /** Cached token validations are stale; subject: a token's hash, or empty for all. */
    TOKENS_INVALIDATED(true),
    /** A host's agent beat; subject: the host. */
    HOST_BEAT(false),
    /** A fault's latest state is in the store (for the consoles' live views); subject: its id. */
    FAULT_CHANGED(false),
    /**
     * Alarms of a project changed state or definition, or their deliveries had outcomes, and the
     * store has it (for the consoles' live views); subject: the project id.
     */
    ALARM_ACTIVITY(false);

    private final boolean confirmed;

    Kind(boolean confirmed) {
      this.confirmed = confirmed;
    }

    /**
     * Whether the change must reach every node before its caller is answered. A live view's hint
     * need not: a node that misses one shows the change at its next reload.
     */
    public boolean confirmed() {
      return confirmed;
    }
  }

  public ClusterMessage {
    requireNonNull(kind, "kind is null");
    requireNonNull(subject, "subject is null");
  }
}
