package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** How the compute domain behaves (from {@code compute.*} configuration). */
public record ComputeSettings(
    Duration serviceDownTime,
    VmState hostDownVmState,
    boolean evacuateRequiresForcedDown,
    int defaultVcpus,
    long defaultMemoryMb) {
  public static final ComputeSettings DEFAULTS =
      new ComputeSettings(Duration.ofSeconds(60), VmState.STOPPED, true, 64, 262_144);

  public ComputeSettings {
    requireNonNull(serviceDownTime, "serviceDownTime is null");
    requireNonNull(hostDownVmState, "hostDownVmState is null");
    if (serviceDownTime.isNegative() || serviceDownTime.isZero()) {
      throw new IllegalArgumentException("compute.service-down-time must be positive");
    }
    if (hostDownVmState != VmState.STOPPED && hostDownVmState != VmState.ERROR) {
      throw new IllegalArgumentException("compute.host-down-vm-state must be stopped or error");
    }
    if (defaultVcpus < 1 || defaultMemoryMb < 1) {
      throw new IllegalArgumentException("compute default host capacity must be positive");
    }
  }
}
