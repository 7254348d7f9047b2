package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.network.ServerPorts;
import java.util.Optional;

/**
 * An instance as shown to a caller: with its host's status, its latest fault (if in error), the
 * details it was created or updated with, its ports' fixed addresses and the names of their
 * security groups.
 */
public record ServerView(
    Instance instance,
    HostStatus hostStatus,
    Optional<InstanceFault> fault,
    ServerDetails details,
    ServerPorts ports) {
  public ServerView {
    requireNonNull(instance, "instance is null");
    requireNonNull(hostStatus, "hostStatus is null");
    requireNonNull(fault, "fault is null");
    requireNonNull(details, "details is null");
    requireNonNull(ports, "ports is null");
  }
}
