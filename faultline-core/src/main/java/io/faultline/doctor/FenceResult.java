package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

/** What fencing a host achieved. */
public sealed interface FenceResult {
  /** The host is isolated: its instances cannot run any more. */
  record Fenced(String how) implements FenceResult {
    public Fenced {
      requireNonNull(how, "how is null");
    }
  }

  /** The host may still be running; nothing may be evacuated from it. */
  record Failed(String reason) implements FenceResult {
    public Failed {
      requireNonNull(reason, "reason is null");
    }
  }
}
