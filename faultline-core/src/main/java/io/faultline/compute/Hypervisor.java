package io.faultline.compute;

import static java.util.Objects.requireNonNull;

/**
 * A host's hypervisor view: its service, whether it is up, what its instances use, and what its
 * agent last reported about the host.
 */
public record Hypervisor(ComputeHost service, boolean up, HostUsage usage, HostReport report) {
  public Hypervisor {
    requireNonNull(service, "service is null");
    requireNonNull(usage, "usage is null");
    requireNonNull(report, "report is null");
  }

  public Hypervisor(ComputeHost service, boolean up, HostUsage usage) {
    this(service, up, usage, HostReport.NONE);
  }
}
