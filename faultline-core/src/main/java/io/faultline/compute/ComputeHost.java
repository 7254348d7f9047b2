package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The compute service ({@code nova-compute}) of one host, with the host's hypervisor capacity.
 * Whether it is up is computed from the clock, never stored: forced down means down at once,
 * whatever the heartbeats say; otherwise up while the last beat is younger than the down time. A
 * disabled service is in maintenance; with {@code maintenanceUntil} the window ends by itself then.
 */
public record ComputeHost(
    ServiceId id,
    String host,
    String binary,
    ServiceStatus status,
    Optional<String> disabledReason,
    boolean forcedDown,
    Instant lastHeartbeat,
    Instant createdAt,
    Instant updatedAt,
    int vcpus,
    long memoryMb,
    Optional<Instant> maintenanceUntil) {
  public static final String COMPUTE_BINARY = "nova-compute";

  public ComputeHost {
    requireNonNull(id, "id is null");
    requireNonNull(host, "host is null");
    requireNonNull(binary, "binary is null");
    requireNonNull(status, "status is null");
    requireNonNull(disabledReason, "disabledReason is null");
    requireNonNull(lastHeartbeat, "lastHeartbeat is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
    requireNonNull(maintenanceUntil, "maintenanceUntil is null");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    if (vcpus < 0 || memoryMb < 0) {
      throw new IllegalArgumentException("capacity of host " + host + " is negative");
    }
  }

  public boolean isUp(Instant now, Duration serviceDownTime) {
    return !forcedDown && Duration.between(lastHeartbeat, now).compareTo(serviceDownTime) <= 0;
  }

  public boolean enabled() {
    return status == ServiceStatus.ENABLED;
  }

  public ComputeHost withForcedDown(boolean value, Instant now) {
    return new ComputeHost(
        id,
        host,
        binary,
        status,
        disabledReason,
        value,
        lastHeartbeat,
        createdAt,
        now,
        vcpus,
        memoryMb,
        maintenanceUntil);
  }

  /** Whether the service is in maintenance at {@code now}: disabled, its window not yet over. */
  public boolean inMaintenance(Instant now) {
    return status == ServiceStatus.DISABLED
        && maintenanceUntil.map(until -> now.isBefore(until)).orElse(true);
  }

  /** Disabled for maintenance with a reason, ending by itself at {@code until} when given. */
  public ComputeHost inMaintenance(Optional<String> reason, Optional<Instant> until, Instant now) {
    return new ComputeHost(
        id,
        host,
        binary,
        ServiceStatus.DISABLED,
        reason,
        forcedDown,
        lastHeartbeat,
        createdAt,
        now,
        vcpus,
        memoryMb,
        until);
  }

  public ComputeHost withStatus(ServiceStatus value, Optional<String> reason, Instant now) {
    return new ComputeHost(
        id,
        host,
        binary,
        value,
        reason,
        forcedDown,
        lastHeartbeat,
        createdAt,
        now,
        vcpus,
        memoryMb,
        value == ServiceStatus.ENABLED ? Optional.empty() : maintenanceUntil);
  }
}
