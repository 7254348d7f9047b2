package io.faultline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class AuthenticationThrottleTest {
  private Instant now = Instant.parse("2026-11-29T00:00:00Z");
  private final InstantSource clock = () -> now;
  private final AuthenticationThrottle throttle =
      new AuthenticationThrottle(
          new AuthenticationThrottle.Settings(3, Duration.ofMinutes(5), 5, Duration.ofMinutes(1)),
          clock);
  private final UserId alice = new UserId("alice");

  @Test
  void aUserIsLockedAfterTheLimitAndUnlockedAfterTheDuration() {
    throttle.failed(alice, "a");
    throttle.failed(alice, "b");
    assertThat(throttle.isLocked(alice)).isFalse();
    throttle.failed(alice, "c");
    assertThat(throttle.isLocked(alice)).isTrue();
    now = now.plus(Duration.ofMinutes(5));
    assertThat(throttle.isLocked(alice)).isFalse();
    throttle.failed(alice, "d");
    assertThat(throttle.isLocked(alice)).as("a new count after the lockout").isFalse();
  }

  @Test
  void aSuccessClearsTheCount() {
    throttle.failed(alice, "a");
    throttle.failed(alice, "a");
    throttle.succeeded(alice);
    throttle.failed(alice, "a");
    throttle.failed(alice, "a");
    assertThat(throttle.isLocked(alice)).isFalse();
  }

  @Test
  void aSourceIsRefusedForTheRestOfItsWindow() {
    for (int i = 0; i < 4; i++) {
      throttle.failedFrom("10.0.0.1");
    }
    throttle.checkSource("10.0.0.1");
    throttle.failed(new UserId("bob"), "10.0.0.1");
    assertThatThrownBy(() -> throttle.checkSource("10.0.0.1"))
        .isInstanceOfSatisfying(
            FaultlineException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));
    throttle.checkSource("10.0.0.2");
    now = now.plus(Duration.ofMinutes(1));
    throttle.checkSource("10.0.0.1");
  }

  @Test
  void zeroTurnsTheLimitsOff() {
    AuthenticationThrottle open =
        new AuthenticationThrottle(
            new AuthenticationThrottle.Settings(0, Duration.ofMinutes(5), 0, Duration.ofMinutes(1)),
            clock);
    for (int i = 0; i < 100; i++) {
      open.failed(alice, "a");
    }
    assertThat(open.isLocked(alice)).isFalse();
    open.checkSource("a");
  }
}
