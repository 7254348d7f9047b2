package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

/** The classified result of one attempt: what the retry stage needs to know, nothing more. */
public sealed interface DeliveryOutcome {
  String describe();

  /** The receiver accepted it (2xx), or the action needs no receiver. */
  record Sent(int status) implements DeliveryOutcome {
    @Override
    public String describe() {
      return "sent (" + status + ")";
    }
  }

  /** Worth another try: connection error, timeout, 5xx, 429. */
  record Retryable(String reason) implements DeliveryOutcome {
    public Retryable {
      requireNonNull(reason, "reason is null");
    }

    @Override
    public String describe() {
      return "retryable: " + reason;
    }
  }

  /** Never going to work: other 4xx, unsupported scheme. */
  record Permanent(String reason) implements DeliveryOutcome {
    public Permanent {
      requireNonNull(reason, "reason is null");
    }

    @Override
    public String describe() {
      return "permanent: " + reason;
    }
  }
}
