package io.faultline.server.cli;

import java.util.Optional;

/**
 * When the agent beats next and what it says: the interval while beats are accepted; after a
 * failure, twice the previous wait, up to a ceiling. It speaks only when the state changes (first
 * failure, a different failure, recovery), not once per beat.
 */
final class BeatSchedule {
  private final long intervalMillis;
  private final long maxBackoffMillis;
  private long waitMillis;
  private int failures;
  private String lastProblem;

  BeatSchedule(long intervalMillis, long maxBackoffMillis) {
    if (intervalMillis < 1 || maxBackoffMillis < intervalMillis) {
      throw new IllegalArgumentException(
          "the interval must be positive and the backoff ceiling at least the interval");
    }
    this.intervalMillis = intervalMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.waitMillis = intervalMillis;
  }

  /** Records an accepted beat; returns the line to print, if any. */
  Optional<String> accepted() {
    waitMillis = intervalMillis;
    if (failures == 0) {
      return Optional.empty();
    }
    String line = "heartbeat accepted again after " + failures + " failed";
    failures = 0;
    lastProblem = null;
    return Optional.of(line);
  }

  /** Records a failed beat and why; returns the line to print, if any. */
  Optional<String> failed(String problem) {
    failures++;
    waitMillis = failures == 1 ? intervalMillis : Math.min(maxBackoffMillis, waitMillis * 2);
    if (problem.equals(lastProblem)) {
      return Optional.empty();
    }
    lastProblem = problem;
    return Optional.of(
        problem + " (retrying, backing off up to " + maxBackoffMillis / 1000.0 + " s)");
  }

  /** How long to wait before the next beat. */
  long waitMillis() {
    return waitMillis;
  }
}
