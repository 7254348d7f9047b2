package io.faultline.server.config;

import io.faultline.identity.AuthenticationThrottle;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code identity.*}.
 *
 * @param adminPassword bootstrap admin password ({@code identity.admin-password}, env {@code
 *     FAULTLINE_ADMIN_PASSWORD}); generated and printed once when unset on first start
 * @param tokenExpiration token lifetime, ISO-8601 ({@code identity.token-expiration}, PT1H)
 * @param bcryptCost bcrypt work factor for stored passwords ({@code identity.bcrypt-cost}, 10)
 * @param region catalog region ({@code identity.region}, RegionOne)
 * @param lockoutFailureAttempts failed authentications in a row that lock a user ({@code
 *     identity.lockout-failure-attempts}, 10; 0 turns it off), as Keystone's option of that name
 * @param lockoutDuration how long a locked user stays locked ({@code identity.lockout-duration},
 *     PT5M)
 * @param sourceFailureAttempts failed authentications from one client address within {@code
 *     identity.source-failure-window} after which it gets 429 until the window ends ({@code
 *     identity.source-failure-attempts}, 100; 0 turns it off)
 * @param sourceFailureWindow the window of {@code sourceFailureAttempts} (PT1M)
 */
public record IdentityConfig(
    String adminPassword,
    Duration tokenExpiration,
    Integer bcryptCost,
    String region,
    Integer lockoutFailureAttempts,
    Duration lockoutDuration,
    Integer sourceFailureAttempts,
    Duration sourceFailureWindow) {
  public IdentityConfig(
      String adminPassword, Duration tokenExpiration, Integer bcryptCost, String region) {
    this(adminPassword, tokenExpiration, bcryptCost, region, null, null, null, null);
  }

  public IdentityConfig {
    tokenExpiration = tokenExpiration == null ? Duration.ofHours(1) : tokenExpiration;
    if (tokenExpiration.isNegative() || tokenExpiration.isZero()) {
      throw new IllegalArgumentException("identity.token-expiration must be positive");
    }
    bcryptCost = bcryptCost == null ? 10 : bcryptCost;
    if (bcryptCost < 4 || bcryptCost > 31) {
      throw new IllegalArgumentException("identity.bcrypt-cost must be between 4 and 31");
    }
    if (adminPassword != null && adminPassword.isEmpty()) {
      throw new IllegalArgumentException("identity.admin-password must not be empty");
    }
    region = region == null ? "RegionOne" : region;
    AuthenticationThrottle.Settings defaults = AuthenticationThrottle.Settings.defaults();
    lockoutFailureAttempts =
        lockoutFailureAttempts == null ? defaults.userFailures() : lockoutFailureAttempts;
    lockoutDuration = lockoutDuration == null ? defaults.lockoutDuration() : lockoutDuration;
    sourceFailureAttempts =
        sourceFailureAttempts == null ? defaults.sourceFailures() : sourceFailureAttempts;
    sourceFailureWindow =
        sourceFailureWindow == null ? defaults.sourceWindow() : sourceFailureWindow;
    if (lockoutFailureAttempts < 0 || sourceFailureAttempts < 0) {
      throw new IllegalArgumentException(
          "identity.lockout-failure-attempts and identity.source-failure-attempts must be 0 or"
              + " more");
    }
    if (lockoutDuration.isNegative() || sourceFailureWindow.isNegative()) {
      throw new IllegalArgumentException(
          "identity.lockout-duration and identity.source-failure-window must not be negative");
    }
  }

  /** The authentication throttle's limits. */
  public AuthenticationThrottle.Settings throttle() {
    return new AuthenticationThrottle.Settings(
        lockoutFailureAttempts, lockoutDuration, sourceFailureAttempts, sourceFailureWindow);
  }

  public static IdentityConfig defaults() {
    return new IdentityConfig(null, null, null, null, null, null, null, null);
  }

  public Optional<String> adminPasswordIfSet() {
    return Optional.ofNullable(adminPassword);
  }
}
