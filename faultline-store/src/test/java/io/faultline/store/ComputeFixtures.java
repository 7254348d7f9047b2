package io.faultline.store;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.Flavor;
import io.faultline.compute.Image;
import io.faultline.compute.Instance;
import io.faultline.compute.InstanceId;
import io.faultline.compute.PowerState;
import io.faultline.compute.ServiceId;
import io.faultline.compute.ServiceStatus;
import io.faultline.compute.VmState;
import io.faultline.policy.Credentials;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Values compute tests build on. */
final class ComputeFixtures {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private ComputeFixtures() {}

  static ComputeHost host(String name, Instant at) {
    return new ComputeHost(
        ServiceId.random(),
        name,
        ComputeHost.COMPUTE_BINARY,
        ServiceStatus.ENABLED,
        Optional.empty(),
        false,
        at,
        at,
        at,
        64,
        262_144,
        Optional.empty());
  }

  static Instance instance(String host, String project, VmState state, Instant at) {
    PowerState power =
        switch (state) {
          case ACTIVE, RESCUED, RESIZED -> PowerState.RUNNING;
          case PAUSED -> PowerState.PAUSED;
          case SUSPENDED -> PowerState.SUSPENDED;
          case BUILDING -> PowerState.NOSTATE;
          default -> PowerState.SHUTDOWN;
        };
    return new Instance(
        InstanceId.random(),
        "vm-" + state.wireName(),
        project,
        "user-1",
        host,
        Flavor.STANDARD.get(0),
        Image.CIRROS.id(),
        state,
        power,
        state == VmState.BUILDING ? Optional.of("spawning") : Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        at,
        at,
        Optional.of(at),
        state == VmState.DELETED ? Optional.of(at) : Optional.empty());
  }

  static Credentials admin() {
    return credentials("admin-user", "admin-project", Set.of("admin", "member", "reader"));
  }

  static Credentials member(String project) {
    return credentials("member-" + project, project, Set.of("member", "reader"));
  }

  static Credentials monitor() {
    return credentials("monitor-user", "service", Set.of("monitor"));
  }

  static Credentials credentials(String user, String project, Set<String> roles) {
    return new Credentials(
        user, user, "default", Optional.of(project), Optional.of(project), roles);
  }
}
