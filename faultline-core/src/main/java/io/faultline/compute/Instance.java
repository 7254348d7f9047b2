package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A server. The previous vm/power state is what a host-down report found, kept so that evacuation
 * can bring the instance back as it was.
 */
public record Instance(
    InstanceId id,
    String name,
    String projectId,
    String userId,
    String host,
    Flavor flavor,
    ImageId imageId,
    VmState vmState,
    PowerState powerState,
    Optional<String> taskState,
    Optional<VmState> previousVmState,
    Optional<PowerState> previousPowerState,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> launchedAt,
    Optional<Instant> deletedAt) {
  public Instance {
    requireNonNull(id, "id is null");
    requireNonNull(name, "name is null");
    requireNonNull(projectId, "projectId is null");
    requireNonNull(userId, "userId is null");
    requireNonNull(host, "host is null");
    requireNonNull(flavor, "flavor is null");
    requireNonNull(imageId, "imageId is null");
    requireNonNull(vmState, "vmState is null");
    requireNonNull(powerState, "powerState is null");
    requireNonNull(taskState, "taskState is null");
    requireNonNull(previousVmState, "previousVmState is null");
    requireNonNull(previousPowerState, "previousPowerState is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
    requireNonNull(launchedAt, "launchedAt is null");
    requireNonNull(deletedAt, "deletedAt is null");
  }

  /** Moves to a new state (checked by {@link VmState}), clearing the task. */
  public Instance withState(VmState next, PowerState power, Instant now) {
    return new Instance(
        id,
        name,
        projectId,
        userId,
        host,
        flavor,
        imageId,
        vmState.transitionTo(next, id),
        power,
        Optional.empty(),
        previousVmState,
        previousPowerState,
        createdAt,
        now,
        launchedAt,
        next == VmState.DELETED ? Optional.of(now) : deletedAt);
  }

  /**
   * What a host-down report makes of this instance, decided by its states: an instance in a state
   * the report leaves alone ({@link VmState#affectedByHostDown}), or already in {@code target},
   * shut down and idle, is not changed (empty); any other moves to {@code target} (checked by
   * {@link VmState}), shut down, its task cleared, remembering its vm and power state so that
   * evacuation can bring it back as it was.
   */
  public Optional<Instance> stoppedByHostDown(VmState target, Instant now) {
    if (!vmState.affectedByHostDown()
        || (vmState == target && powerState == PowerState.SHUTDOWN && taskState.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(
        new Instance(
            id,
            name,
            projectId,
            userId,
            host,
            flavor,
            imageId,
            vmState.transitionTo(target, id),
            PowerState.SHUTDOWN,
            Optional.empty(),
            Optional.of(vmState),
            Optional.of(powerState),
            createdAt,
            now,
            launchedAt,
            deletedAt));
  }

  /** Lands on {@code target} in the state it had before the report, forgetting that state. */
  public Instance evacuatedTo(String target, VmState next, PowerState power, Instant now) {
    return new Instance(
        id,
        name,
        projectId,
        userId,
        target,
        flavor,
        imageId,
        vmState.transitionTo(next, id),
        power,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        createdAt,
        now,
        launchedAt,
        deletedAt);
  }

  /** The same instance under a new name. */
  public Instance renamed(String newName, Instant now) {
    return new Instance(
        id,
        newName,
        projectId,
        userId,
        host,
        flavor,
        imageId,
        vmState,
        powerState,
        taskState,
        previousVmState,
        previousPowerState,
        createdAt,
        now,
        launchedAt,
        deletedAt);
  }

  /** Rebuilt from {@code image} (and renamed), landing in {@code next}, the task cleared. */
  public Instance rebuilt(
      ImageId image, String newName, VmState next, PowerState power, Instant now) {
    return new Instance(
        id,
        newName,
        projectId,
        userId,
        host,
        flavor,
        image,
        vmState.transitionTo(next, id),
        power,
        Optional.empty(),
        previousVmState,
        previousPowerState,
        createdAt,
        now,
        launchedAt,
        deletedAt);
  }
}
