package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.network.ServerAddress;
import java.util.List;
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
    List<ServerAddress> addresses,
    List<String> securityGroups) {
  public ServerView {
    requireNonNull(instance, "instance is null");
    requireNonNull(hostStatus, "hostStatus is null");
    requireNonNull(fault, "fault is null");
    requireNonNull(details, "details is null");
    addresses = List.copyOf(addresses);
    securityGroups = List.copyOf(securityGroups);
  }
}
