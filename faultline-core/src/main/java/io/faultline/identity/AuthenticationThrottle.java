package io.faultline.identity;

import static java.util.Objects.requireNonNull;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed password authentications, per user as Keystone's {@code lockout_failure_attempts}
 * and {@code lockout_duration} do, and per source address: after too many failures a user is locked
 * (401, even with the right password) for the lockout duration, and a source is refused (429) until
 * its window ends. A success clears the user's count.
 *
 * <p>Only known users are tracked, so the map of users is bounded by the user table; sources are
 * bounded by {@link #MAX_SOURCES}, the oldest windows dropped first.
 */
public final class AuthenticationThrottle {
  static final int MAX_SOURCES = 100_000;

  /**
   * The limits; a non-positive number of attempts turns that limit off.
   *
   * @param userFailures failed attempts in a row that lock a user
   * @param lockoutDuration how long a locked user stays locked
   * @param sourceFailures failed attempts from one address within {@code sourceWindow} after which
   *     it is refused for the rest of the window
   * @param sourceWindow the window of {@code sourceFailures}
   */
  public record Settings(
      int userFailures, Duration lockoutDuration, int sourceFailures, Duration sourceWindow) {
    public Settings {
      requireNonNull(lockoutDuration, "lockoutDuration is null");
      requireNonNull(sourceWindow, "sourceWindow is null");
      if (lockoutDuration.isNegative() || sourceWindow.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
    }

    public static Settings defaults() {
      return new Settings(10, Duration.ofMinutes(5), 100, Duration.ofMinutes(1));
    }
  }

  private record Failures(int count, Instant since, Instant lockedUntil) {}

  private final Settings settings;
  private final InstantSource clock;
  private final Map<UserId, Failures> users = new ConcurrentHashMap<>();
  private final Map<String, Failures> sources = new ConcurrentHashMap<>();

  public AuthenticationThrottle(Settings settings, InstantSource clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A 429 when {@code source} has failed too often within its window. */
  public void checkSource(String source) {
    if (settings.sourceFailures() <= 0) {
      return;
    }
    Failures failures = sources.get(source);
    Instant now = clock.instant();
    if (failures != null && now.isBefore(failures.lockedUntil())) {
      throw new FaultlineException(
          ErrorCode.TOO_MANY_REQUESTS,
          "Too many failed authentications from this address; retry later.");
    }
  }

  /** Whether {@code user} is locked out now. */
  public boolean isLocked(UserId user) {
    Failures failures = users.get(user);
    return failures != null && clock.instant().isBefore(failures.lockedUntil());
  }

  public void failed(UserId user, String source) {
    Instant now = clock.instant();
    if (settings.userFailures() > 0) {
      users.compute(
          user,
          (id, previous) -> {
            boolean lockRanOut =
                previous != null
                    && previous.count() >= settings.userFailures()
                    && !now.isBefore(previous.lockedUntil());
            int count = previous == null || lockRanOut ? 1 : previous.count() + 1;
            Instant lockedUntil =
                count >= settings.userFailures()
                    ? now.plus(settings.lockoutDuration())
                    : Instant.EPOCH;
            return new Failures(count, now, lockedUntil);
          });
    }
    failedFrom(source);
  }

  /** A failure not tied to a known user (an unknown name): counts against the source only. */
  public void failedFrom(String source) {
    if (settings.sourceFailures() <= 0) {
      return;
    }
    Instant now = clock.instant();
    if (sources.size() >= MAX_SOURCES) {
      sources.values().removeIf(f -> !now.isBefore(f.since().plus(settings.sourceWindow())));
    }
    sources.compute(
        source,
        (address, previous) -> {
          boolean sameWindow =
              previous != null && now.isBefore(previous.since().plus(settings.sourceWindow()));
          int count = sameWindow ? previous.count() + 1 : 1;
          Instant since = sameWindow ? previous.since() : now;
          Instant lockedUntil =
              count >= settings.sourceFailures()
                  ? since.plus(settings.sourceWindow())
                  : Instant.EPOCH;
          return new Failures(count, since, lockedUntil);
        });
  }

  public void succeeded(UserId user) {
    users.remove(user);
  }
}
