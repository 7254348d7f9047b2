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
        store.findInstancesToStop(tx, host, VmState.UNTOUCHED_BY_HOST_DOWN, target);
    if (before.isEmpty()) {
      return Stopped.NONE;
    }
    String message = "Compute host " + host + " reported down";
    InstanceFault.Cause cause =
        new InstanceFault.Cause(
            FAULT_CODE,
            message,
            "vm_state -> " + target.wireName() + ", power_state -> SHUTDOWN (4)");
    int moved = store.stopInstances(tx, host, VmState.UNTOUCHED_BY_HOST_DOWN, target, cause, now);
    if (moved != before.size()) {
      // Instance writers hold the host lock we hold, so a mismatch is a bug, not a race.
      throw new IllegalStateException(
          "host-down report on " + host + " locked " + before.size() + " but moved " + moved);
    }
    List<InstanceId> ids = new ArrayList<>(before.size());
    List<Notification> notifications = new ArrayList<>(before.size());
    for (Instance instance : before) {
      ids.add(instance.id());
      notifications.add(
          ComputeNotifications.instanceUpdate(
              instance, instance.withState(target, PowerState.SHUTDOWN, now), now));
    }
    store.insertActions(
        tx,
        ids,
        new InstanceAction.Template(
            "req-" + UUID.randomUUID(),
            InstanceAction.HOST_DOWN,
            projectId,
            userId,
            now,
            Optional.of(message)));
    return new Stopped(ids, notifications);
  }
}
