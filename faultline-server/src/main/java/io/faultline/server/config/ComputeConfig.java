package io.faultline.server.config;

import io.faultline.compute.ComputeSettings;
import io.faultline.compute.VmState;
import java.time.Duration;

/**
 * {@code compute.*}.
 *
 * @param serviceDownTime a service without a heartbeat for longer is down ({@code
 *     compute.service-down-time}, ISO-8601, PT60S)
 * @param hostDownVmState where a host-down report puts instances: {@code stopped} (default) or
 *     {@code error} ({@code compute.host-down-vm-state})
 * @param evacuateRequiresForcedDown refuse evacuation until the host is forced down, not merely
 *     silent ({@code compute.evacuate-requires-forced-down}, true)
 * @param defaultVcpus capacity given to a host on its first heartbeat ({@code
 *     compute.default-vcpus}, 64)
 * @param defaultMemoryMb same, memory ({@code compute.default-memory-mb}, 262144)
 */
public record ComputeConfig(
    Duration serviceDownTime,
    String hostDownVmState,
    Boolean evacuateRequiresForcedDown,
    Integer defaultVcpus,
    Long defaultMemoryMb) {
  public ComputeConfig {
    serviceDownTime = serviceDownTime == null ? Duration.ofSeconds(60) : serviceDownTime;
    if (serviceDownTime.isNegative() || serviceDownTime.isZero()) {
      throw new IllegalArgumentException("compute.service-down-time must be positive");
    }
    hostDownVmState = hostDownVmState == null ? "stopped" : hostDownVmState;
    if (!hostDownVmState.equals("stopped") && !hostDownVmState.equals("error")) {
      throw new IllegalArgumentException(
          "compute.host-down-vm-state must be 'stopped' or 'error', not '" + hostDownVmState + "'");
    }
    evacuateRequiresForcedDown = evacuateRequiresForcedDown == null || evacuateRequiresForcedDown;
    defaultVcpus = defaultVcpus == null ? 64 : defaultVcpus;
    if (defaultVcpus < 1) {
      throw new IllegalArgumentException("compute.default-vcpus must be positive");
    }
    defaultMemoryMb = defaultMemoryMb == null ? 262_144L : defaultMemoryMb;
    if (defaultMemoryMb < 1) {
      throw new IllegalArgumentException("compute.default-memory-mb must be positive");
    }
  }

  public static ComputeConfig defaults() {
    return new ComputeConfig(null, null, null, null, null);
  }

  public ComputeSettings settings() {
    return new ComputeSettings(
        serviceDownTime,
        VmState.fromWire(hostDownVmState),
        evacuateRequiresForcedDown,
        defaultVcpus,
        defaultMemoryMb);
  }
}
