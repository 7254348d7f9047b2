package io.faultline.compute;

import static java.util.Objects.requireNonNull;

/** The outcome of a service update: the service as saved and how many instances it moved. */
public record ServiceChange(ComputeHost service, boolean up, int instancesStopped) {
  public ServiceChange {
    requireNonNull(service, "service is null");
  }
}
