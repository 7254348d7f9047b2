package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What handling one fault came to; the inspector records it in one place. */
public sealed interface Outcome {
  /** Fencing failed: the host may still run, so it was left alone. */
  record Unfenced(String reason) implements Outcome {
    public Unfenced {
      requireNonNull(reason, "reason is null");
    }
  }

  /** States corrected: the instances and ports it changed (either may be empty). */
  record Handled(List<String> instances, List<String> ports) implements Outcome {
    public Handled {
      instances = List.copyOf(instances);
      ports = List.copyOf(ports);
    }
  }

  /** Recorded and not acted on: the host is in maintenance. */
  record Ignored(String reason) implements Outcome {
    public Ignored {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * Handling could not finish because something it depends on failed for a while (the store did not
   * answer, say): the fault stays open and is handled again, from the start.
   */
  record Deferred(String reason) implements Outcome {
    public Deferred {
      requireNonNull(reason, "reason is null");
    }
  }

  /**
   * The fault is another node's now: this node's lease ran out while it handled it (it was paused)
   * and another node adopted it. Nothing more is written or fenced for it here.
   */
  record Disowned(String reason) implements Outcome {
    public Disowned {
      requireNonNull(reason, "reason is null");
    }
  }

  /** Handling failed; the reason says why. */
  record Failed(String reason) implements Outcome {
    public Failed {
      requireNonNull(reason, "reason is null");
    }
  }
}
