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
 * service row already locked, each instance on the host decides by its states whether and how it
 * moves ({@link Instance#stoppedByHostDown}), and the store saves the moved ones in one batched
 * update; a fault and an action, written once for them all, record it, and one {@code
 * compute.instance.update} per instance is returned for the outbox. Instances already moved do not
 * move again, so a repeated report changes and publishes nothing.
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
    // Decided here, by the instances' states; the store only saves what was decided.
    List<Instance> before = new ArrayList<>();
    List<Instance> after = new ArrayList<>();
    for (Instance instance : store.instancesOnHost(tx, host)) {
      instance
          .stoppedByHostDown(target, now)
          .ifPresent(
              stopped -> {
                before.add(instance);
                after.add(stopped);
              });
    }
    if (after.isEmpty()) {
      return Stopped.NONE;
    }
    String message = "Compute host " + host + " reported down";
    InstanceFault.Cause cause =
        new InstanceFault.Cause(
            FAULT_CODE,
            message,
            "vm_state -> " + target.wireName() + ", power_state -> SHUTDOWN (4)");
    store.saveStopped(
        tx,
        after,
        cause,
        new InstanceAction.Template(
            "req-" + UUID.randomUUID(),
            InstanceAction.HOST_DOWN,
            projectId,
            userId,
            now,
            Optional.of(message)),
        now);
    List<InstanceId> ids = new ArrayList<>(after.size());
    List<Notification> notifications = new ArrayList<>(after.size());
    for (int i = 0; i < after.size(); i++) {
      ids.add(after.get(i).id());
      notifications.add(ComputeNotifications.instanceUpdate(before.get(i), after.get(i), now));
    }
    return new Stopped(ids, notifications);
  }
}
