package io.faultline.server.config;

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
 */
public record IdentityConfig(
    String adminPassword, Duration tokenExpiration, Integer bcryptCost, String region) {
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
  }

  public static IdentityConfig defaults() {
    return new IdentityConfig(null, null, null, null);
  }

  public Optional<String> adminPasswordIfSet() {
    return Optional.ofNullable(adminPassword);
  }
}
