package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One compute host as the fleet overview shows it: its service, whether it is up now, and how many
 * of its live instances are in each vm state (aggregated by the store, never listed one by one).
 */
public record HostSummary(ComputeHost host, boolean up, Map<VmState, Integer> instances) {
  public HostSummary {
    requireNonNull(host, "host is null");
    instances = Map.copyOf(requireNonNull(instances, "instances is null"));
  }
}
