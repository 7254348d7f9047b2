package io.faultline.compute;

import static java.util.Objects.requireNonNull;

/** A host's hypervisor view: its service, whether it is up, and what its instances use. */
public record Hypervisor(ComputeHost service, boolean up, HostUsage usage) {
  public Hypervisor {
    requireNonNull(service, "service is null");
    requireNonNull(usage, "usage is null");
  }
}
