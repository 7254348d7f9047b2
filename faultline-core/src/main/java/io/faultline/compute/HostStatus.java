package io.faultline.compute;

/** Nova's {@code host_status} of a server: what its host's service says. */
public enum HostStatus {
  UP,
  DOWN,
  MAINTENANCE,
  UNKNOWN,
  NONE;

  public String wireName() {
    return this == NONE ? "" : name();
  }

  /** Forced down wins; then up (enabled or in maintenance); a stale heartbeat is unknown. */
  static HostStatus of(ComputeHost host, boolean up) {
    if (host.forcedDown()) {
      return DOWN;
    }
    if (up) {
      return host.enabled() ? UP : MAINTENANCE;
    }
    return UNKNOWN;
  }
}
