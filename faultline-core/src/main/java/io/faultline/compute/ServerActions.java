package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.OutboxRelay;
import io.faultline.error.FaultlineException;
import io.faultline.policy.Credentials;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a server's owner does to it after create: start, stop, reboot, rebuild, rename and its
 * metadata. A power action needs the server's host up (an instance stopped by a host-down report
 * starts again once its host is back) and the vm state Nova allows; otherwise a 409 and nothing
 * changes. Each change is recorded as an instance action and notified after commit.
 */
public final class ServerActions {
  /** Nova's reboot types. */
  public enum RebootType {
    SOFT,
    HARD
  }

  private static final Set<VmState> STOPPABLE =
      EnumSet.of(VmState.ACTIVE, VmState.RESCUED, VmState.ERROR);
  private static final Set<VmState> HARD_REBOOTABLE =
      EnumSet.of(VmState.ACTIVE, VmState.PAUSED, VmState.STOPPED, VmState.SUSPENDED, VmState.ERROR);
  private static final Set<VmState> REBUILDABLE =
      EnumSet.of(VmState.ACTIVE, VmState.STOPPED, VmState.ERROR);

  private final ServerService servers;
  private final ComputeStore store;
  private final Transactor transactor;
  private final OutboxRelay outbox;
  private final ComputeSettings settings;
  private final QuotaService quotas;

  public ServerActions(
      ServerService servers,
      ComputeStore store,
      Transactor transactor,
      OutboxRelay outbox,
      ComputeSettings settings,
      QuotaService quotas) {
    this.servers = requireNonNull(servers, "servers is null");
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.quotas = requireNonNull(quotas, "quotas is null");
  }

  public ServerView start(Credentials credentials, InstanceId id) {
    return power(
        credentials,
        id,
        ComputePolicies.SERVERS_START,
        "start",
        EnumSet.of(VmState.STOPPED),
        VmState.ACTIVE,
        PowerState.RUNNING,
        "compute.instance.power_on.end");
  }

  public ServerView stop(Credentials credentials, InstanceId id) {
    return power(
        credentials,
        id,
        ComputePolicies.SERVERS_STOP,
        "stop",
        STOPPABLE,
        VmState.STOPPED,
        PowerState.SHUTDOWN,
        "compute.instance.power_off.end");
  }

  public ServerView reboot(Credentials credentials, InstanceId id, RebootType type) {
    return power(
        credentials,
        id,
        ComputePolicies.SERVERS_REBOOT,
        "reboot",
        type == RebootType.SOFT ? EnumSet.of(VmState.ACTIVE) : HARD_REBOOTABLE,
        VmState.ACTIVE,
        PowerState.RUNNING,
        "compute.instance.reboot.end");
  }

  private ServerView power(
      Credentials credentials,
      InstanceId id,
      String rule,
      String action,
      Set<VmState> allowed,
      VmState next,
      PowerState power,
      String eventType) {
    Instant now = servers.now();
    return transactor.inTransaction(
        tx -> {
          Instance before = servers.visible(tx, credentials, id, rule, true);
          checkState(before, action, allowed);
          checkHostUp(tx, before, now);
          Instance after = before.withState(next, power, now);
          store.updateInstance(tx, after);
          servers.record(tx, credentials, after, action, now);
          outbox.enqueue(
              tx,
              List.of(
                  ComputeNotifications.instanceUpdate(before, after, now),
                  ComputeNotifications.instanceEvent(eventType, after, now)));
          return servers.view(tx, after, servers.hostsByName(tx));
        });
  }

  /** A new image; a stopped server stays stopped, others come back active. */
  public ServerView rebuild(Credentials credentials, InstanceId id, RebuildServer request) {
    Image image =
        Image.standard(request.imageRef())
            .orElseThrow(
                () ->
                    FaultlineException.badRequest(
                        "Image " + request.imageRef() + " could not be found."));
    Instant now = servers.now();
    return transactor.inTransaction(
        tx -> {
          Instance before =
              servers.visible(tx, credentials, id, ComputePolicies.SERVERS_REBUILD, true);
          checkState(before, "rebuild", REBUILDABLE);
          checkHostUp(tx, before, now);
          ServerDetails details = details(tx, id);
          if (request.metadata().isPresent()) {
            checkMetadataQuota(tx, before, request.metadata().get().size());
            details = details.withMetadata(request.metadata().get());
          }
          details =
              details.withAccess(
                  request.accessIpv4().orElse(details.accessIpv4()),
                  request.accessIpv6().orElse(details.accessIpv6()));
          details = details.withDiskConfig(request.diskConfig().orElse(details.diskConfig()));
          if (request.descriptionGiven()) {
            details = details.withDescription(request.description());
          }
          boolean stopped = before.vmState() == VmState.STOPPED;
          Instance after =
              before.rebuilt(
                  image.id(),
                  request.name().orElse(before.name()),
                  stopped ? VmState.STOPPED : VmState.ACTIVE,
                  stopped ? PowerState.SHUTDOWN : PowerState.RUNNING,
                  now);
          store.updateInstance(tx, after);
          store.saveServerDetails(tx, id, details);
          servers.record(tx, credentials, after, "rebuild", now);
          outbox.enqueue(
              tx,
              List.of(
                  ComputeNotifications.instanceUpdate(before, after, now),
                  ComputeNotifications.instanceEvent("compute.instance.rebuild.end", after, now)));
          return servers.view(tx, after, servers.hostsByName(tx), details);
        });
  }

  /** {@code PUT /servers/{id}}: name, access addresses, description. */
  public ServerView update(Credentials credentials, InstanceId id, ServerUpdate update) {
    Instant now = servers.now();
    return transactor.inTransaction(
        tx -> {
          Instance before =
              servers.visible(tx, credentials, id, ComputePolicies.SERVERS_UPDATE, true);
          ServerDetails details = details(tx, id);
          ServerDetails changed =
              details.withAccess(
                  update.accessIpv4().orElse(details.accessIpv4()),
                  update.accessIpv6().orElse(details.accessIpv6()));
          if (update.descriptionGiven()) {
            changed = changed.withDescription(update.description());
          }
          if (update.diskConfig().isPresent()) {
            changed = changed.withDiskConfig(update.diskConfig().get());
          }
          Instance after = before;
          if (update.name().isPresent() && !update.name().get().equals(before.name())) {
            after = before.renamed(update.name().get(), now);
            store.updateInstance(tx, after);
            outbox.enqueue(tx, List.of(ComputeNotifications.instanceUpdate(before, after, now)));
          }
          if (!changed.equals(details)) {
            store.saveServerDetails(tx, id, changed);
          }
          return servers.view(tx, after, servers.hostsByName(tx), changed);
        });
  }

  public Map<String, String> metadata(Credentials credentials, InstanceId id) {
    return transactor.inTransaction(
        tx -> {
          servers.visible(tx, credentials, id, ComputePolicies.METADATA_INDEX, false);
          return details(tx, id).metadata();
        });
  }

  public String metadataItem(Credentials credentials, InstanceId id, String key) {
    return transactor.inTransaction(
        tx -> {
          servers.visible(tx, credentials, id, ComputePolicies.METADATA_SHOW, false);
          String value = details(tx, id).metadata().get(key);
          if (value == null) {
            throw FaultlineException.notFound("Metadata item was not found");
          }
          return value;
        });
  }

  /**
   * Changes metadata: {@code replace} swaps the whole map (PUT), otherwise the given items are
   * merged into it (POST, or PUT of one item). Returns the resulting metadata.
   */
  public Map<String, String> setMetadata(
      Credentials credentials, InstanceId id, Map<String, String> items, boolean replace) {
    String rule =
        replace
            ? ComputePolicies.METADATA_UPDATE_ALL
            : items.size() == 1 ? ComputePolicies.METADATA_UPDATE : ComputePolicies.METADATA_CREATE;
    Map<String, String> checked = ServerDetails.checkMetadata(items);
    return transactor.inTransaction(
        tx -> {
          Instance instance = servers.visible(tx, credentials, id, rule, true);
          ServerDetails details = details(tx, id);
          Map<String, String> next = new LinkedHashMap<>(replace ? Map.of() : details.metadata());
          next.putAll(checked);
          checkMetadataQuota(tx, instance, next.size());
          ServerDetails changed = details.withMetadata(next);
          store.saveServerDetails(tx, id, changed);
          return changed.metadata();
        });
  }

  public void deleteMetadataItem(Credentials credentials, InstanceId id, String key) {
    transactor.run(
        tx -> {
          servers.visible(tx, credentials, id, ComputePolicies.METADATA_DELETE, true);
          ServerDetails details = details(tx, id);
          if (!details.metadata().containsKey(key)) {
            throw FaultlineException.notFound("Metadata item was not found");
          }
          Map<String, String> next = new LinkedHashMap<>(details.metadata());
          next.remove(key);
          store.saveServerDetails(tx, id, details.withMetadata(next));
        });
  }

  private void checkMetadataQuota(Transaction tx, Instance instance, int items) {
    long allowed = quotas.limitOf(tx, instance.projectId(), ComputeQuota.METADATA_ITEMS);
    if (allowed != -1 && items > allowed) {
      throw FaultlineException.forbidden(
          "Quota exceeded for metadata_items: Maximum number of metadata items exceeds " + allowed);
    }
  }

  private ServerDetails details(Transaction tx, InstanceId id) {
    return store.serverDetails(tx, List.of(id)).getOrDefault(id, ServerDetails.NONE);
  }

  private static void checkState(Instance instance, String action, Set<VmState> allowed) {
    if (!allowed.contains(instance.vmState()) || instance.taskState().isPresent()) {
      throw FaultlineException.conflict(
          "Cannot '"
              + action
              + "' instance "
              + instance.id().value()
              + " while it is in vm_state "
              + instance.vmState().wireName());
    }
  }

  /** The host's row is already locked by {@link ServerService#visible} (a write). */
  private void checkHostUp(Transaction tx, Instance instance, Instant now) {
    Optional<ComputeHost> host = store.findHost(tx, instance.host(), ComputeHost.COMPUTE_BINARY);
    if (host.isEmpty() || !host.get().isUp(now, settings.serviceDownTime())) {
      throw FaultlineException.conflict(
          "Compute service of "
              + instance.host()
              + " is unavailable at this time: the host of instance "
              + instance.id().value()
              + " is down.");
    }
  }
}
