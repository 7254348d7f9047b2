package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of a service update: the service as saved and the instances it stopped. */
public record ServiceChange(ComputeHost service, boolean up, List<InstanceId> stopped) {
  public ServiceChange {
    requireNonNull(service, "service is null");
    stopped = List.copyOf(stopped);
  }

  public int instancesStopped() {
    return stopped.size();
  }
}
