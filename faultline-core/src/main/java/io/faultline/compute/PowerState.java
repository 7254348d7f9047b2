package io.faultline.compute;

import java.util.Arrays;

/** Nova's power states with their wire codes ({@code OS-EXT-STS:power_state}). */
public enum PowerState {
  NOSTATE(0),
  RUNNING(1),
  PAUSED(3),
  SHUTDOWN(4),
  CRASHED(6),
  SUSPENDED(7);

  private final int code;

  PowerState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static PowerState ofCode(int code) {
    return Arrays.stream(values())
        .filter(s -> s.code == code)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown power state code " + code));
  }
}
