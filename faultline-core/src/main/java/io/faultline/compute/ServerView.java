package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** An instance as shown to a caller: with its host's status and its latest fault (if in error). */
public record ServerView(Instance instance, HostStatus hostStatus, Optional<InstanceFault> fault) {
  public ServerView {
    requireNonNull(instance, "instance is null");
    requireNonNull(hostStatus, "hostStatus is null");
    requireNonNull(fault, "fault is null");
  }
}
