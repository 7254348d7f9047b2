package io.faultline.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;
import io.faultline.error.FaultlineException;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes. The cost is configurable so that tests need not pay for it.
 *
 * <p>Long passwords are handled as Keystone handles them: up to {@link #MAX_PASSWORD_LENGTH}
 * characters are accepted (more is a 400, Keystone's {@code max_password_length}), and bcrypt sees
 * only the first 72 bytes, as it always has — so a long password is never a 500.
 */
public final class PasswordHasher {
  /** Keystone's default {@code [identity] max_password_length}. */
  public static final int MAX_PASSWORD_LENGTH = 4096;

  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
  private static final LongPasswordStrategy TRUNCATE = LongPasswordStrategies.truncate(VERSION);

  private final int cost;

  /**
   * A hash of a random password at this hasher's cost: checking a password against it costs what
   * checking a real user's costs, so an unknown user answers no faster than a known one.
   */
  private final String decoy;

  public PasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be between 4 and 31: " + cost);
    }
    this.cost = cost;
    this.decoy = hash(IdentityService.newId());
  }

  public String hash(String password) {
    checkLength(password);
    return BCrypt.with(VERSION, TRUNCATE).hashToString(cost, password.toCharArray());
  }

  public boolean matches(String password, String hash) {
    if (password.length() > MAX_PASSWORD_LENGTH) {
      // Still do the work, so that the answer's timing says nothing.
      verify("", decoy);
      return false;
    }
    return verify(password, hash);
  }

  /** Spends the work of one {@link #matches} and answers false, for a user who does not exist. */
  public boolean matchesNothing(String password) {
    matches(password, decoy);
    return false;
  }

  private static boolean verify(String password, String hash) {
    return BCrypt.verifyer(VERSION, TRUNCATE)
        .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
        .verified;
  }

  /** A 400 for a password longer than Keystone accepts. */
  public static void checkLength(String password) {
    if (password.length() > MAX_PASSWORD_LENGTH) {
      throw FaultlineException.badRequest(
          "Invalid input for field 'password': the password is longer than the limit of "
              + MAX_PASSWORD_LENGTH
              + " characters");
    }
  }
}
