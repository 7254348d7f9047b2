package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** At most {@code maxAttempts} attempts, waiting {@code initial × 2^(n-1)} (capped) between. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
    }
    requireNonNull(initialBackoff, "initialBackoff is null");
    requireNonNull(maxBackoff, "maxBackoff is null");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max");
    }
  }

  /** The wait after the {@code attempt}-th failed attempt (1-based). */
  public Duration backoff(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt - 1, 0), 30);
    Duration wait = initialBackoff.multipliedBy(factor);
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
