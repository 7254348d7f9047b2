package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import io.faultline.tx.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The instance side of a host-down report (blueprint 1): inside the caller's transaction, with the
 * service row already locked, every eligible instance on the host moves to the configured state in
 * one UPDATE; a fault and an action record it, and one {@code compute.instance.update} per instance
 * is returned for the outbox. Instances already moved are not eligible, so a repeated report
 * changes and publishes nothing.
 */
final class HostDownReport {
  private static final int FAULT_CODE = 500;

  private final ComputeStore store;
  private final VmState target;

  HostDownReport(ComputeStore store, VmState target) {
    this.store = requireNonNull(store, "store is null");
    this.target = requireNonNull(target, "target is null");
  }

  /** The instances a report stopped and the notifications that say so. */
  record Stopped(List<InstanceId> instances, List<Notification> notifications) {
    static final Stopped NONE = new Stopped(List.of(), List.of());
  }

  Stopped apply(Transaction tx, String host, String projectId, String userId, Instant now) {
    List<Instance> before =
        store.lockInstancesToStop(tx, host, VmState.UNTOUCHED_BY_HOST_DOWN, target);
    if (before.isEmpty()) {
      return Stopped.NONE;
    }
    int moved = store.stopInstances(tx, host, VmState.UNTOUCHED_BY_HOST_DOWN, target, now);
    if (moved != before.size()) {
      // The rows are locked, so this means the two store statements disagree: a bug, not a race.
      throw new IllegalStateException(
          "host-down report on " + host + " locked " + before.size() + " but moved " + moved);
    }
    String requestId = "req-" + UUID.randomUUID();
    String message = "Compute host " + host + " reported down";
    List<InstanceFault> faults = new ArrayList<>(before.size());
    List<InstanceAction> actions = new ArrayList<>(before.size());
    List<Notification> notifications = new ArrayList<>(before.size());
    for (Instance instance : before) {
      Instance after = instance.withState(target, PowerState.SHUTDOWN, now);
      faults.add(
          new InstanceFault(
              instance.id(),
              FAULT_CODE,
              message,
              "vm_state " + instance.vmState().wireName() + " -> " + target.wireName(),
              now));
      actions.add(
          new InstanceAction(
              requestId,
              instance.id(),
              InstanceAction.HOST_DOWN,
              projectId,
              userId,
              now,
              Optional.of(message)));
      notifications.add(ComputeNotifications.instanceUpdate(instance, after, now));
    }
    store.insertFaults(tx, faults);
    store.insertActions(tx, actions);
    return new Stopped(before.stream().map(Instance::id).toList(), notifications);
  }
}
