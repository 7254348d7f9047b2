package io.faultline.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import io.faultline.bus.OutboxRelay;
import io.faultline.cause.Cause;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Compute services and hosts: heartbeats, listing, the host-down report and its lifting. Every
 * write authorizes a named policy rule first, so a denied caller changes nothing. Servers are in
 * {@link ServerService}.
 */
public final class ComputeService {
  private final ComputeStore store;
  private final Transactor transactor;
  private final OutboxRelay outbox;
  private final Policy policy;
  private final InstantSource clock;
  private final ComputeSettings settings;
  private final HostDownReport hostDownReport;

  private final List<Consumer<String>> heartbeatListeners = new CopyOnWriteArrayList<>();
  private volatile HostFaultReports faultReports;

  public ComputeService(
      ComputeStore store,
      Transactor transactor,
      OutboxRelay outbox,
      Policy policy,
      InstantSource clock,
      ComputeSettings settings) {
    this.store = requireNonNull(store, "store is null");
    this.transactor = requireNonNull(transactor, "transactor is null");
    this.outbox = requireNonNull(outbox, "outbox is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.hostDownReport = new HostDownReport(store, settings.hostDownVmState());
  }

  public ComputeSettings settings() {
    return settings;
  }

  /** Database timestamps keep microseconds; so does everything Faultline stamps. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  public boolean isUp(ComputeHost host) {
    return host.isUp(now(), settings.serviceDownTime());
  }

  /** Whether the host is in maintenance now (disabled, its window not over). */
  public boolean inMaintenance(ComputeHost host) {
    return host.inMaintenance(now());
  }

  /**
   * Puts a host in maintenance: its service disabled with the reason (Nova's disabled reason),
   * ending by itself at {@code until} when given. A host in maintenance is never fenced.
   */
  public ComputeHost startMaintenance(
      Credentials credentials, HostId host, Optional<String> reason, Optional<Instant> until) {
    policy.authorize(ComputePolicies.SERVICES_UPDATE, credentials, Map.of());
    Instant now = now();
    reason.ifPresent(
        text -> {
          if (text.isBlank() || text.length() > 255) {
            throw FaultlineException.badRequest("reason must be 1 to 255 characters");
          }
        });
    until.ifPresent(
        end -> {
          if (!end.isAfter(now)) {
            throw FaultlineException.badRequest(
                "until must be in the future, not " + end + " (now is " + now + ")");
          }
        });
    return transactor.inTransaction(
        tx -> {
          ComputeHost before = lock(tx, byHost(host));
          ComputeHost after =
              before.inMaintenance(
                  reason, until.map(end -> end.truncatedTo(ChronoUnit.MICROS)), now);
          return save(tx, before, after, now);
        });
  }

  /** Ends a host's maintenance: its service enabled again. */
  public ComputeHost endMaintenance(Credentials credentials, HostId host) {
    policy.authorize(ComputePolicies.SERVICES_UPDATE, credentials, Map.of());
    Instant now = now();
    return transactor.inTransaction(
        tx -> {
          ComputeHost before = lock(tx, byHost(host));
          return save(
              tx, before, before.withStatus(ServiceStatus.ENABLED, Optional.empty(), now), now);
        });
  }

  /**
   * Ends every maintenance window that is over, for the fault loop; returns the hosts whose
   * maintenance ended.
   */
  public List<ComputeHost> endExpiredMaintenance(Credentials credentials) {
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
    Instant now = now();
    List<ComputeHost> expired =
        transactor.inTransaction(
            tx ->
                store
                    .listHosts(tx, Optional.empty(), Optional.of(ComputeHost.COMPUTE_BINARY))
                    .stream()
                    .filter(host -> host.status() == ServiceStatus.DISABLED)
                    .filter(host -> host.maintenanceUntil().isPresent() && !host.inMaintenance(now))
                    .toList());
    List<ComputeHost> ended = new ArrayList<>();
    for (ComputeHost candidate : expired) {
      transactor.run(
          tx -> {
            ComputeHost before = lock(tx, new ServiceRef.ById(candidate.id()));
            // Checked again under the lock: an operator may have changed the window meanwhile.
            if (before.status() == ServiceStatus.DISABLED
                && before.maintenanceUntil().isPresent()
                && !before.inMaintenance(now)) {
              ended.add(
                  save(
                      tx,
                      before,
                      before.withStatus(ServiceStatus.ENABLED, Optional.empty(), now),
                      now));
            }
          });
    }
    return ended;
  }

  private ComputeHost save(Transaction tx, ComputeHost before, ComputeHost after, Instant now) {
    if (!after.equals(before)) {
      store.updateHost(tx, after);
      outbox.enqueue(tx, List.of(ComputeNotifications.serviceUpdate(after, now)));
    }
    return after;
  }

  /** A beat from a host's agent; the first one registers the service with default capacity. */
  public ComputeHost heartbeat(Credentials credentials, String host, String binary) {
    return heartbeat(credentials, host, binary, HostReport.NONE);
  }

  /** A beat that also carries what the agent knows of its host (address, boot time, load). */
  public ComputeHost heartbeat(
      Credentials credentials, String host, String binary, HostReport report) {
    requireNonNull(report, "report is null");
    policy.authorize(ComputePolicies.AGENT_HEARTBEAT, credentials, Map.of());
    checkHostName(host);
    if (!ComputeHost.COMPUTE_BINARY.equals(binary)) {
      throw FaultlineException.badRequest(
          "binary must be " + ComputeHost.COMPUTE_BINARY + ", not '" + binary + "'");
    }
    Instant now = now();
    ComputeHost beat;
    try {
      beat = recordBeat(host, binary, now, report);
    } catch (FaultlineException e) {
      if (e.code() != ErrorCode.CONFLICT) {
        throw e;
      }
      // Another first beat of the same new host registered it at the same moment; this one is
      // now an ordinary beat of a known host.
      beat = recordBeat(host, binary, now, report);
    }
    heartbeatListeners.forEach(listener -> listener.accept(host));
    return beat;
  }

  private ComputeHost recordBeat(String host, String binary, Instant now, HostReport report) {
    return transactor.inTransaction(
        tx -> {
          if (!store.recordHeartbeat(tx, host, binary, now)) {
            store.insertHost(
                tx,
                new ComputeHost(
                    ServiceId.random(),
                    host,
                    binary,
                    ServiceStatus.ENABLED,
                    Optional.empty(),
                    false,
                    now,
                    now,
                    now,
                    settings.defaultVcpus(),
                    settings.defaultMemoryMb(),
                    Optional.empty()));
          }
          if (!report.equals(HostReport.NONE)) {
            store.recordHostReport(tx, host, binary, report);
          }
          return store.findHost(tx, host, binary).orElseThrow();
        });
  }

  /**
   * From now on a service update that forces a host down (or lifts it) is a report to the fault
   * loop, handled like a monitor's, instead of a change made here directly.
   */
  public void reportHostFaultsTo(HostFaultReports reports) {
    this.faultReports = requireNonNull(reports, "reports is null");
  }

  /** Tells {@code listener} the host name of every heartbeat, after it is recorded. */
  public void addHeartbeatListener(Consumer<String> listener) {
    heartbeatListeners.add(requireNonNull(listener, "listener is null"));
  }

  public List<ComputeHost> listServices(
      Credentials credentials, Optional<String> host, Optional<String> binary) {
    policy.authorize(ComputePolicies.SERVICES_LIST, credentials, Map.of());
    return transactor.inTransaction(tx -> store.listHosts(tx, host, binary));
  }

  /**
   * Every service, for {@code os-availability-zone}: the zones' list is anyone's to read, with the
   * hosts and their services ({@code detail}) an admin's.
   */
  public List<ComputeHost> availabilityZoneServices(Credentials credentials, boolean detail) {
    policy.authorize(
        detail ? ComputePolicies.AVAILABILITY_ZONE_DETAIL : ComputePolicies.AVAILABILITY_ZONE_LIST,
        credentials,
        Map.of());
    return transactor.inTransaction(tx -> store.listHosts(tx, Optional.empty(), Optional.empty()));
  }

  public ComputeHost findService(Credentials credentials, ServiceId id) {
    policy.authorize(ComputePolicies.SERVICES_LIST, credentials, Map.of());
    return transactor.inTransaction(tx -> store.findHost(tx, id)).orElseThrow(() -> missing(id));
  }

  public List<Hypervisor> listHypervisors(Credentials credentials, boolean detail) {
    policy.authorize(
        detail ? ComputePolicies.HYPERVISORS_LIST_DETAIL : ComputePolicies.HYPERVISORS_LIST,
        credentials,
        Map.of());
    return loadHypervisors();
  }

  private List<Hypervisor> loadHypervisors() {
    return transactor.inTransaction(
        tx -> {
          Map<String, HostUsage> usage = store.usageByHost(tx);
          Map<String, HostReport> reports = store.hostReports(tx);
          return store
              .listHosts(tx, Optional.empty(), Optional.of(ComputeHost.COMPUTE_BINARY))
              .stream()
              .map(
                  host ->
                      new Hypervisor(
                          host,
                          isUp(host),
                          usage.getOrDefault(host.host(), HostUsage.NONE),
                          reports.getOrDefault(host.host(), HostReport.NONE)))
              .toList();
        });
  }

  /**
   * The hypervisors a caller with {@code rule} may see (admin by default): every one, for the API
   * to pick by id, host-name pattern or statistics.
   */
  public List<Hypervisor> hypervisors(Credentials credentials, String rule) {
    policy.authorize(rule, credentials, Map.of());
    return loadHypervisors();
  }

  /** The live instances on a host, for {@code os-hypervisors/{host}/servers}. */
  public List<Instance> instancesOn(Credentials credentials, String host) {
    policy.authorize(ComputePolicies.HYPERVISORS_SERVERS, credentials, Map.of());
    return transactor.inTransaction(
        tx -> store.listInstances(tx, InstanceFilter.ALL.withHost(host)));
  }

  /**
   * The fleet overview: every compute host, or the one named, with whether it is up and its live
   * instances counted by vm state. Under the same rule as the service list: admin only by default.
   */
  public List<HostSummary> fleet(Credentials credentials, Optional<String> host) {
    policy.authorize(ComputePolicies.SERVICES_LIST, credentials, Map.of());
    return transactor.inTransaction(
        tx -> {
          Map<String, Map<VmState, Integer>> states = store.instanceStatesByHost(tx, host);
          return store.listHosts(tx, host, Optional.of(ComputeHost.COMPUTE_BINARY)).stream()
              .map(
                  service ->
                      new HostSummary(
                          service, isUp(service), states.getOrDefault(service.host(), Map.of())))
              .toList();
        });
  }

  /**
   * The host-down report for a fault, in its own transaction: the service forced down and the
   * host's instances stopped, their notifications carrying {@code cause}.
   */
  public ServiceChange reportHostDown(Credentials credentials, HostId host, Cause cause) {
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
    return transactor.inTransaction(tx -> reportHostDown(tx, credentials, host, cause));
  }

  /**
   * The host-down report for a fault within {@code tx}, so that a caller can commit it together
   * with the host's network changes. The caller checks {@link ComputePolicies#HOST_FAULT} before it
   * opens the transaction ({@link #authorizeHostFault}).
   */
  public ServiceChange reportHostDown(
      Transaction tx, Credentials credentials, HostId host, Cause cause) {
    requireNonNull(cause, "cause is null");
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
    return change(
        tx, credentials, byHost(host), ServiceUpdate.forcedDown(true), Optional.of(cause));
  }

  /** Lifts a host-down report for a fault (the host is back): the service follows heartbeats. */
  public ServiceChange liftHostDown(
      Transaction tx, Credentials credentials, HostId host, Cause cause) {
    requireNonNull(cause, "cause is null");
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
    return change(
        tx, credentials, byHost(host), ServiceUpdate.forcedDown(false), Optional.of(cause));
  }

  /** Checks that the caller may act on a host to handle a fault; throws when not. */
  public void authorizeHostFault(Credentials credentials) {
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
  }

  /** The host's compute service, for a caller handling a fault; empty when it is unknown. */
  public Optional<ComputeHost> findHost(Credentials credentials, HostId host) {
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
    return transactor.inTransaction(
        tx -> store.findHost(tx, host.value(), ComputeHost.COMPUTE_BINARY));
  }

  /** Every compute service the store knows, for a caller handling faults (the monitor). */
  public List<ComputeHost> computeHosts(Credentials credentials) {
    policy.authorize(ComputePolicies.HOST_FAULT, credentials, Map.of());
    return transactor.inTransaction(
        tx -> store.listHosts(tx, Optional.empty(), Optional.of(ComputeHost.COMPUTE_BINARY)));
  }

  private static ServiceRef byHost(HostId host) {
    return new ServiceRef.ByHost(host.value(), ComputeHost.COMPUTE_BINARY);
  }

  /**
   * The one operation behind every API form that changes a service. Forcing down is the host-down
   * report: in the same transaction the service is forced down and the host's instances stopped,
   * then the notifications go through the outbox. Nothing that is already so is changed or
   * published again.
   */
  public ServiceChange updateService(
      Credentials credentials, ServiceRef ref, ServiceUpdate update) {
    policy.authorize(ComputePolicies.SERVICES_UPDATE, credentials, Map.of());
    requireNonNull(ref, "ref is null");
    requireNonNull(update, "update is null");
    HostFaultReports reports = faultReports;
    if (reports == null || update.forcedDown().isEmpty()) {
      return transactor.inTransaction(tx -> change(tx, credentials, ref, update, Optional.empty()));
    }
    // Every host-down report is a fault: the loop fences, stops, sets the data plane and records
    // the timeline, then the rest of the update (enable, disable) applies here.
    ComputeHost target = transactor.inTransaction(tx -> lock(tx, ref));
    List<InstanceId> stopped =
        reports.report(credentials, new HostId(target.host()), update.forcedDown().get());
    if (update.status().isEmpty()) {
      ComputeHost after = transactor.inTransaction(tx -> lock(tx, ref));
      return new ServiceChange(after, after.isUp(now(), settings.serviceDownTime()), stopped);
    }
    ServiceUpdate rest =
        new ServiceUpdate(Optional.empty(), update.status(), update.disabledReason());
    ServiceChange change =
        transactor.inTransaction(tx -> change(tx, credentials, ref, rest, Optional.empty()));
    return new ServiceChange(change.service(), change.up(), stopped);
  }

  private ServiceChange change(
      Transaction tx,
      Credentials credentials,
      ServiceRef ref,
      ServiceUpdate update,
      Optional<Cause> cause) {
    Instant now = now();
    ComputeHost before = lock(tx, ref);
    ComputeHost after = before;
    if (update.status().isPresent()) {
      ServiceStatus status = update.status().get();
      Optional<String> reason =
          status == ServiceStatus.DISABLED ? update.disabledReason() : Optional.empty();
      if (status != before.status() || !reason.equals(before.disabledReason())) {
        after = after.withStatus(status, reason, now);
      }
    }
    if (update.forcedDown().isPresent() && update.forcedDown().get() != before.forcedDown()) {
      after = after.withForcedDown(update.forcedDown().get(), now);
    }
    List<Notification> notifications = new ArrayList<>();
    HostDownReport.Stopped stopped = HostDownReport.Stopped.NONE;
    if (update.forcedDown().orElse(false)) {
      stopped =
          hostDownReport.apply(
              tx, after.host(), credentials.projectId().orElse(""), credentials.userId(), now);
      notifications.addAll(stopped.notifications());
    }
    if (!after.equals(before)) {
      store.updateHost(tx, after);
      notifications.add(ComputeNotifications.serviceUpdate(after, now));
    }
    if (cause.isPresent()) {
      outbox.enqueue(tx, cause.get(), notifications);
    } else {
      outbox.enqueue(tx, notifications);
    }
    return new ServiceChange(
        after, after.isUp(now, settings.serviceDownTime()), stopped.instances());
  }

  private ComputeHost lock(Transaction tx, ServiceRef ref) {
    return switch (ref) {
      case ServiceRef.ById byId -> {
        ComputeHost found = store.findHost(tx, byId.id()).orElseThrow(() -> missing(byId.id()));
        checkComputeBinary(found.binary());
        yield store
            .lockHost(tx, found.host(), found.binary())
            .orElseThrow(() -> missing(byId.id()));
      }
      case ServiceRef.ByHost byHost -> {
        checkComputeBinary(byHost.binary());
        yield store
            .lockHost(tx, byHost.host(), byHost.binary())
            .orElseThrow(
                () ->
                    FaultlineException.notFound(
                        "Compute host " + byHost.host() + " could not be found."));
      }
    };
  }

  private static FaultlineException missing(ServiceId id) {
    return FaultlineException.notFound("Service " + id + " could not be found.");
  }

  static void checkComputeBinary(String binary) {
    if (!ComputeHost.COMPUTE_BINARY.equals(binary)) {
      throw FaultlineException.badRequest(
          "Updating a "
              + binary
              + " service is not supported. Only nova-compute services can be updated.");
    }
  }

  static void checkHostName(String host) {
    if (host == null || host.isBlank() || host.length() > 255) {
      throw FaultlineException.badRequest("host must be 1 to 255 characters, not blank");
    }
  }
}
