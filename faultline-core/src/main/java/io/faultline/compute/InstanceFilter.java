package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;

/** Which servers to list; empty means any. Deleted servers are never listed. */
public record InstanceFilter(
    Optional<String> projectId,
    Optional<String> host,
    Optional<Set<VmState>> vmStates,
    Optional<String> name) {
  public static final InstanceFilter ALL =
      new InstanceFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public InstanceFilter {
    requireNonNull(projectId, "projectId is null");
    requireNonNull(host, "host is null");
    requireNonNull(name, "name is null");
    vmStates = requireNonNull(vmStates, "vmStates is null").map(Set::copyOf);
  }

  public InstanceFilter withProject(String value) {
    return new InstanceFilter(Optional.of(value), host, vmStates, name);
  }

  public InstanceFilter withHost(String value) {
    return new InstanceFilter(projectId, Optional.of(value), vmStates, name);
  }
}
