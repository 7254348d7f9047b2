package io.faultline.inspector;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import io.faultline.fault.Fault;
import io.faultline.fault.FaultId;
import io.faultline.fault.FaultLog;
import io.faultline.fault.FaultScope;
import io.faultline.fault.FaultStage;
import io.faultline.fault.FaultStatus;
import io.faultline.fault.FaultTimeline.AffectedKind;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Doctor inspector: takes raw faults from monitors, and for a failed host fences it, then
 * forces it down with its instances stopped and sets the data plane of its ports down — each a
 * transaction published right after commit — stamping every stage on the fault's timeline. Reports
 * are accepted at once and handled in the background, one at a time per subject, so that a slow
 * fence of one host never delays another host's handling.
 */
public final class Inspector implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Inspector.class);

  private final Policy policy;
  private final FaultLog faults;
  private final FenceAgent fenceAgent;
  private final HostActions actions;
  private final InstantSource clock;
  private final boolean dataPlaneDownOnHostDown;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Executor> lanes = new ConcurrentHashMap<>();

  public Inspector(
      Policy policy,
      FaultLog faults,
      FenceAgent fenceAgent,
      HostActions actions,
      InstantSource clock,
      boolean dataPlaneDownOnHostDown) {
    this.policy = requireNonNull(policy, "policy is null");
    this.faults = requireNonNull(faults, "faults is null");
    this.fenceAgent = requireNonNull(fenceAgent, "fenceAgent is null");
    this.actions = requireNonNull(actions, "actions is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.dataPlaneDownOnHostDown = dataPlaneDownOnHostDown;
  }

  /** The answer to one raw fault: the fault it became part of. */
  public record Receipt(FaultId faultId, boolean merged, FaultStatus status) {}

  /** Accepts raw faults; a duplicate of a fault already being handled merges into it. */
  public List<Receipt> report(Credentials credentials, List<RawFault> reports) {
    policy.authorize(InspectorPolicies.REPORT, credentials, Map.of());
    if (reports.isEmpty()) {
      throw FaultlineException.badRequest("no events in the report");
    }
    List<Receipt> receipts = new ArrayList<>();
    for (RawFault raw : reports) {
      FaultLog.Opened opened = faults.open(raw.report(), clock.instant());
      Fault fault = opened.fault();
      receipts.add(new Receipt(fault.id(), opened.merged(), fault.status()));
      if (!opened.merged()) {
        lane(raw).execute(() -> handle(fault.id(), raw));
      }
    }
    return receipts;
  }

  /**
   * Handles again, from the start, every fault the store holds unfinished: accepted before a crash
   * or a stop but not carried through. Each step is idempotent (a host already forced down or a
   * port already down changes nothing and publishes nothing). Returns how many.
   */
  public int resume() {
    List<Fault> unfinished = faults.unfinished();
    for (Fault fault : unfinished) {
      FaultLog.Report report = faults.adopt(fault);
      RawFault raw =
          new RawFault(
              report.detectedAt(),
              report.type(),
              report.hostname(),
              report.portId(),
              Optional.empty(),
              report.monitor(),
              report.monitorEventId(),
              Map.of());
      log.info(
          "resuming fault {} ({} on {})", fault.id(), fault.type().wireName(), fault.hostname());
      lane(raw).execute(() -> handle(fault.id(), raw));
    }
    return unfinished.size();
  }

  public List<Fault> list(Credentials credentials, int limit) {
    policy.authorize(InspectorPolicies.LIST_FAULTS, credentials, Map.of());
    return faults.recent(limit);
  }

  public Fault get(Credentials credentials, FaultId id) {
    policy.authorize(InspectorPolicies.GET_FAULT, credentials, Map.of());
    return faults
        .find(id)
        .orElseThrow(() -> FaultlineException.notFound("Fault " + id + " could not be found."));
  }

  /** Faults about one host are handled in order; different hosts in parallel. */
  private Executor lane(RawFault raw) {
    return lanes.computeIfAbsent(raw.hostname(), host -> new SerialExecutor(executor));
  }

  private void handle(FaultId id, RawFault raw) {
    try {
      FaultScope.with(
          id,
          () -> {
            switch (raw.type()) {
              case COMPUTE_HOST_DOWN -> hostDown(id, raw.hostname());
              case COMPUTE_HOST_UP -> hostUp(id, raw.hostname());
              case NETWORK_LINK_DOWN ->
                  portsOf(id, actions.setHostDataPlane(raw.hostname(), false));
              case NETWORK_LINK_UP -> portsOf(id, actions.setHostDataPlane(raw.hostname(), true));
              case NETWORK_PORT_DOWN ->
                  portsOf(id, actions.setPortDataPlane(raw.portId().orElseThrow(), false));
              case NETWORK_PORT_UP ->
                  portsOf(id, actions.setPortDataPlane(raw.portId().orElseThrow(), true));
            }
            return null;
          });
    } catch (RuntimeException e) {
      log.error(
          "handling fault {} ({} on {}) failed", id, raw.type().wireName(), raw.hostname(), e);
      faults.move(id, FaultStatus.FAILED, Optional.of("handling failed: " + e.getMessage()));
    }
  }

  private void hostDown(FaultId id, String hostname) {
    faults.move(id, FaultStatus.FENCING, Optional.empty());
    FenceResult fenced = fenceAgent.fence(hostname);
    switch (fenced) {
      case FenceResult.Failed failed -> {
        log.warn("fault {}: {} not fenced, so not forced down: {}", id, hostname, failed.reason());
        faults.move(id, FaultStatus.UNFENCED, Optional.of(failed.reason()));
        return;
      }
      case FenceResult.Fenced done -> faults.stamp(id, FaultStage.FENCED, clock.instant());
    }
    faults.affected(id, AffectedKind.INSTANCE, actions.forceDown(hostname));
    if (dataPlaneDownOnHostDown) {
      faults.affected(id, AffectedKind.PORT, actions.setHostDataPlane(hostname, false));
    }
    faults.move(id, FaultStatus.HANDLED, Optional.empty());
  }

  private void hostUp(FaultId id, String hostname) {
    actions.liftForceDown(hostname);
    if (dataPlaneDownOnHostDown) {
      faults.affected(id, AffectedKind.PORT, actions.setHostDataPlane(hostname, true));
    }
    faults.move(id, FaultStatus.HANDLED, Optional.empty());
  }

  private void portsOf(FaultId id, List<String> ports) {
    faults.affected(id, AffectedKind.PORT, ports);
    faults.move(id, FaultStatus.HANDLED, Optional.empty());
  }

  @Override
  public void close() {
    executor.close();
  }
}
