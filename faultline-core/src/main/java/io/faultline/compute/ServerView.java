package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An instance as shown to a caller: with its host's status, its latest fault (if in error) and the
 * details it was created or updated with.
 */
public record ServerView(
    Instance instance,
    HostStatus hostStatus,
    Optional<InstanceFault> fault,
    ServerDetails details) {
  public ServerView {
    requireNonNull(instance, "instance is null");
    requireNonNull(hostStatus, "hostStatus is null");
    requireNonNull(fault, "fault is null");
    requireNonNull(details, "details is null");
  }

  public ServerView(Instance instance, HostStatus hostStatus, Optional<InstanceFault> fault) {
    this(instance, hostStatus, fault, ServerDetails.NONE);
  }
}
