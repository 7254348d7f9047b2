package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.Remediation.HostCondition;
import io.faultline.doctor.Remediation.Touched;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Doctor inspector: takes raw faults from monitors, operators and the Nova API alike, and for a
 * failed host fences it, then in one transaction forces it down, stops its instances and sets the
 * data plane of its ports down, stamping every stage on the fault's timeline. Reports are accepted
 * at once and handled on the injected work queue, one at a time per subject, so that a slow fence
 * of one host never delays another host's handling. Handling a fault returns an {@link Outcome};
 * {@link #record} is the one place that writes it down.
 */
public final class Inspector {
  private static final Logger log = LoggerFactory.getLogger(Inspector.class);

  /** How often a deferred fault is handled again before it is recorded as failed. */
  static final int MAX_ATTEMPTS = 20;

  /**
   * The system principal the inspector acts as on compute and network. It has no role: the policy
   * rule {@code system_inspector} names it, so an operator can see and change what it may do.
   */
  public static final Credentials SYSTEM_PRINCIPAL =
      new Credentials(
          PolicyDefaults.SYSTEM_INSPECTOR_ID,
          PolicyDefaults.SYSTEM_INSPECTOR_ID,
          "default",
          Optional.empty(),
          Optional.empty(),
          Set.of());

  private final Policy policy;
  private final FaultLog faults;
  private final FenceAgent fenceAgent;
  private final Remediation remediation;
  private final Executor workQueue;
  private final InstantSource clock;
  private final boolean dataPlaneDownOnHostDown;
  private final Duration retryDelay;
  private final BeforeRecord beforeRecord;
  private final Map<String, Executor> lanes = new ConcurrentHashMap<>();
  private final Map<FaultId, CompletableFuture<Fault>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param retryDelay how long to wait before handling a fault again whose handling was {@link
   *     Outcome.Deferred deferred} (the store did not answer); zero handles it again at once
   * @param beforeRecord told of each outcome just before it is recorded (a crash test stops the
   *     process there); {@link BeforeRecord#NONE} otherwise
   */
  public Inspector(
      Policy policy,
      FaultLog faults,
      FenceAgent fenceAgent,
      Remediation remediation,
      Executor workQueue,
      InstantSource clock,
      boolean dataPlaneDownOnHostDown,
      Duration retryDelay,
      BeforeRecord beforeRecord) {
    this.beforeRecord = requireNonNull(beforeRecord, "beforeRecord is null");
    this.retryDelay = requireNonNull(retryDelay, "retryDelay is null");
    if (retryDelay.isNegative()) {
      throw new IllegalArgumentException("retryDelay must not be negative: " + retryDelay);
    }
    this.policy = requireNonNull(policy, "policy is null");
    this.faults = requireNonNull(faults, "faults is null");
    this.fenceAgent = requireNonNull(fenceAgent, "fenceAgent is null");
    this.remediation = requireNonNull(remediation, "remediation is null");
    this.workQueue = requireNonNull(workQueue, "workQueue is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.dataPlaneDownOnHostDown = dataPlaneDownOnHostDown;
  }

  /**
   * Called on the fault's lane with each outcome just before {@link #record} writes it down: the
   * moment between a fault's effects and its final status, where a crash test stops the process.
   */
  @FunctionalInterface
  public interface BeforeRecord {
    BeforeRecord NONE = (id, outcome) -> {};

    void reached(FaultId id, Outcome outcome);
  }

  /** The answer to one raw fault: the fault it became part of. */
  public record Receipt(FaultId faultId, boolean merged, FaultStatus status) {}

  /** Accepts raw faults; a duplicate of a fault already being handled merges into it. */
  public List<Receipt> report(Credentials credentials, List<RawFault> reports) {
    policy.authorize(InspectorPolicies.REPORT, credentials, Map.of());
    return accept(reports);
  }

  /**
   * Accepts raw faults from a caller the API has already authorized for the form it used (an
   * operator's Nova force-down, say): they take the same path as a monitor's.
   */
  public List<Receipt> accept(List<RawFault> reports) {
    if (reports.isEmpty()) {
      throw FaultlineException.badRequest("no events in the report");
    }
    List<Receipt> receipts = new ArrayList<>();
    for (RawFault raw : reports) {
      FaultLog.Opened opened = faults.open(raw.report(), clock.instant());
      Fault fault = opened.fault();
      receipts.add(new Receipt(fault.id(), opened.merged(), fault.status()));
      if (!opened.merged()) {
        schedule(fault.id(), raw);
      }
    }
    return receipts;
  }

  /**
   * The fault as it is once handled: at once when it is not being handled any more, else when its
   * handling is recorded.
   */
  public CompletableFuture<Fault> handled(FaultId id) {
    CompletableFuture<Fault> pending = inFlight.get(id);
    if (pending != null) {
      return pending;
    }
    return CompletableFuture.completedFuture(
        faults
            .find(id)
            .orElseThrow(() -> new IllegalArgumentException("no fault " + id + " is known")));
  }

  /**
   * Handles again, from the start, every fault the store holds unfinished: accepted before a crash
   * or a stop but not carried through. Each step is idempotent (a host already forced down or a
   * port already down changes nothing and publishes nothing). Returns how many.
   */
  public int resume() {
    return resume(faults.unfinished());
  }

  /**
   * Handles again, from the start, these unfinished faults: those of a dead node, say, that this
   * node has adopted. Returns how many.
   */
  public int resume(List<Fault> unfinished) {
    int resumed = 0;
    for (Fault fault : unfinished) {
      FaultLog.Report report = faults.adopt(fault);
      if (report.type() == FaultType.HOST_MAINTENANCE_ON
          || report.type() == FaultType.HOST_MAINTENANCE_OFF) {
        // A record of a maintenance change that was already made: nothing to handle, only its
        // final status was not written yet.
        endAtResume(
            fault.id(),
            FaultStatus.HANDLED,
            "recorded; the process stopped before the record was final");
        continue;
      }
      RawFault raw;
      try {
        raw =
            new RawFault(
                report.detectedAt(),
                report.type(),
                report.hostname(),
                report.portId(),
                Optional.empty(),
                report.monitor(),
                report.monitorEventId(),
                Map.of());
      } catch (RuntimeException e) {
        // One record that cannot be handled again must not keep the others, or the server, back.
        log.error("fault {} cannot be handled again; it is failed", fault.id(), e);
        endAtResume(
            fault.id(),
            FaultStatus.FAILED,
            "cannot be handled again after a restart: " + e.getMessage());
        continue;
      }
      log.info(
          "resuming fault {} ({} on {})", fault.id(), fault.type().wireName(), fault.hostname());
      schedule(fault.id(), raw);
      resumed++;
    }
    return resumed;
  }

  /** Ends a resumed fault; one the store does not take stays unfinished, for the next start. */
  private void endAtResume(FaultId id, FaultStatus status, String message) {
    try {
      faults.move(id, status, Optional.of(message));
    } catch (FaultNotOwned e) {
      disown(id, e);
    } catch (FaultlineException e) {
      log.warn("fault {} stays unfinished: {}", id, e.getMessage());
    }
  }

  /** A fault another node adopted while this one was paused: logged, and dropped here. */
  private void disown(FaultId id, FaultNotOwned refused) {
    log.warn(
        "fault {}: the store refused this node's write ({}); another node handles it now, and this"
            + " node drops it",
        id,
        refused.getMessage());
    faults.drop(id);
  }

  public List<Fault> list(Credentials credentials, int limit) {
    policy.authorize(InspectorPolicies.LIST_FAULTS, credentials, Map.of());
    return faults.recent(limit);
  }

  /** The faults the query selects, newest first. */
  public List<Fault> list(Credentials credentials, FaultQuery query) {
    policy.authorize(InspectorPolicies.LIST_FAULTS, credentials, Map.of());
    return faults.list(query);
  }

  public Fault get(Credentials credentials, FaultId id) {
    policy.authorize(InspectorPolicies.GET_FAULT, credentials, Map.of());
    return faults
        .find(id)
        .orElseThrow(() -> FaultlineException.notFound("Fault " + id + " could not be found."));
  }

  /** The fault as the log holds it now. */
  Fault faultOrThrow(FaultId id) {
    return faults
        .held(id)
        .orElseThrow(() -> new IllegalStateException("fault " + id + " is not known"));
  }

  private void schedule(FaultId id, RawFault raw) {
    inFlight.put(id, new CompletableFuture<>());
    lane(raw)
        .execute(
            () -> {
              Outcome outcome = handleUntilSettled(id, raw);
              beforeRecord.reached(id, outcome);
              record(id, outcome);
            });
  }

  /**
   * Handles a fault, and again while its handling is deferred (a store that did not answer must not
   * leave a host running with nobody told), up to {@link #MAX_ATTEMPTS}. The retries stay in the
   * fault's lane, so a later report about the same host still comes after it.
   */
  private Outcome handleUntilSettled(FaultId id, RawFault raw) {
    for (int attempt = 1; ; attempt++) {
      Outcome outcome = handle(id, raw);
      if (!(outcome instanceof Outcome.Deferred deferred)) {
        return outcome;
      }
      if (attempt >= MAX_ATTEMPTS) {
        return new Outcome.Failed(
            "handling failed " + attempt + " times; the last time: " + deferred.reason());
      }
      log.warn(
          "handling fault {} (attempt {}) could not finish; trying again in {}: {}",
          id,
          attempt,
          retryDelay,
          deferred.reason());
      if (!pause()) {
        return deferred; // stopping: it stays unfinished and is resumed at the next start
      }
    }
  }

  /** Waits the retry delay; false when the thread is interrupted (the server is stopping). */
  private boolean pause() {
    if (!retryDelay.isZero()) {
      try {
        Thread.sleep(retryDelay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Faults about one host are handled in order; different hosts in parallel. */
  private Executor lane(RawFault raw) {
    return lanes.computeIfAbsent(raw.hostname(), host -> new SerialExecutor(workQueue));
  }

  /** Handles one fault and says what came of it; writes nothing to the fault log but stamps. */
  Outcome handle(FaultId id, RawFault raw) {
    Cause cause = new Cause(id, SYSTEM_PRINCIPAL.userName());
    HostId host = new HostId(raw.hostname());
    try {
      return switch (raw.type()) {
        case COMPUTE_HOST_DOWN -> hostDown(id, host, cause);
        case COMPUTE_HOST_UP -> handled(remediation.hostUp(host, dataPlaneDownOnHostDown, cause));
        case NETWORK_LINK_DOWN ->
            new Outcome.Handled(List.of(), remediation.hostDataPlane(host, false, cause));
        case NETWORK_LINK_UP ->
            new Outcome.Handled(List.of(), remediation.hostDataPlane(host, true, cause));
        case NETWORK_PORT_DOWN ->
            new Outcome.Handled(
                List.of(), remediation.portDataPlane(raw.portId().orElseThrow(), false, cause));
        case NETWORK_PORT_UP ->
            new Outcome.Handled(
                List.of(), remediation.portDataPlane(raw.portId().orElseThrow(), true, cause));
        case HOST_MAINTENANCE_ON, HOST_MAINTENANCE_OFF ->
            new Outcome.Ignored("maintenance is recorded, not handled");
      };
    } catch (FaultNotOwned e) {
      return new Outcome.Disowned(e.getMessage());
    } catch (FaultlineException e) {
      if (e.code().category() == ErrorCode.Category.USER) {
        // Refused for what was asked (a policy, an unknown port): asking again changes nothing.
        log.error(
            "handling fault {} ({} on {}) failed", id, raw.type().wireName(), raw.hostname(), e);
        return new Outcome.Failed("handling failed: " + e.getMessage());
      }
      return deferred(id, raw, e);
    } catch (RuntimeException e) {
      return deferred(id, raw, e);
    }
  }

  private static Outcome deferred(FaultId id, RawFault raw, RuntimeException e) {
    log.warn("handling fault {} ({} on {}) failed", id, raw.type().wireName(), raw.hostname(), e);
    return new Outcome.Deferred(String.valueOf(e.getMessage()));
  }

  private Outcome hostDown(FaultId id, HostId host, Cause cause) {
    switch (remediation.condition(host)) {
      case HostCondition.Unknown unknown -> {
        return new Outcome.Failed("Compute host " + host + " could not be found.");
      }
      case HostCondition.InMaintenance maintenance -> {
        return new Outcome.Ignored(
            "host "
                + host
                + " is in maintenance"
                + maintenance.reason().map(reason -> " (" + reason + ")").orElse("")
                + "; it is not fenced");
      }
      case HostCondition.InService inService -> {
        // go on
      }
    }
    Fault fault = faultOrThrow(id);
    if (fault.status() != FaultStatus.FENCING) {
      faults.move(id, FaultStatus.FENCING, Optional.empty()); // not again when handled again
    }
    if (fault.stamp(FaultStage.FENCED).isEmpty()) {
      // Durable before the agent runs, and only while this node still owns the fault (a node
      // paused past its lease, whose fault another node adopted, is refused here and does not
      // fence): a node that adopts the fault after this one died knows a fence may have run.
      List<FenceAttempt> attempts = faults.recordFenceAttempt(id, clock.instant());
      if (attempts.size() > 1) {
        FenceAttempt earlier = attempts.get(attempts.size() - 2);
        log.warn(
            "fault {}: fencing {} again with the same fault id; the attempt by node {} at {} may"
                + " already have fenced it",
            id,
            host,
            earlier.node().orElse("(this process)"),
            earlier.at());
      }
      switch (fenceAgent.fence(new FenceRequest(id, host.value()))) {
        case FenceResult.Failed failed -> {
          return new Outcome.Unfenced(failed.reason());
        }
        case FenceResult.Fenced done -> {
          faults.stamp(id, FaultStage.FENCED, clock.instant());
          // Durable before the host is forced down: a node that resumes this fault after this one
          // died does not fence the host again.
          faults.persist(id);
        }
      }
    }
    return handled(remediation.hostDown(host, dataPlaneDownOnHostDown, cause));
  }

  private static Outcome handled(Touched touched) {
    return new Outcome.Handled(touched.instances(), touched.ports());
  }

  /**
   * The one place an outcome is written down. A final status is written through (see {@link
   * FaultLog#move}); while the store does not take it, it is tried again in the fault's lane, and
   * when it never does the fault stays open and is handled again at the next start (or by the node
   * that adopts it).
   */
  private void record(FaultId id, Outcome outcome) {
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          writeOutcome(id, outcome);
          return;
        } catch (FaultNotOwned e) {
          disown(id, e);
          return;
        } catch (FaultlineException e) {
          if (e.code() != ErrorCode.UNAVAILABLE || attempt >= MAX_ATTEMPTS) {
            log.error("fault {}: its outcome could not be recorded; it stays open", id, e);
            return;
          }
          log.warn("fault {}: its outcome could not be recorded yet (attempt {})", id, attempt, e);
          if (!pause()) {
            return; // stopping: it stays unfinished and is resumed at the next start
          }
        }
      }
    } finally {
      CompletableFuture<Fault> pending = inFlight.remove(id);
      if (pending != null) {
        faults.held(id).ifPresentOrElse(pending::complete, () -> pending.complete(null));
      }
    }
  }

  private void writeOutcome(FaultId id, Outcome outcome) {
    switch (outcome) {
      case Outcome.Handled handled -> {
        faults.affected(id, AffectedKind.INSTANCE, handled.instances());
        faults.affected(id, AffectedKind.PORT, handled.ports());
        faults.move(id, FaultStatus.HANDLED, Optional.empty());
      }
      case Outcome.Unfenced unfenced -> {
        log.warn("fault {}: host not fenced, so not forced down: {}", id, unfenced.reason());
        faults.move(id, FaultStatus.UNFENCED, Optional.of(unfenced.reason()));
      }
      case Outcome.Ignored ignored -> {
        log.info("fault {} ignored: {}", id, ignored.reason());
        faults.move(id, FaultStatus.IGNORED, Optional.of(ignored.reason()));
      }
      case Outcome.Failed failed ->
          faults.move(id, FaultStatus.FAILED, Optional.of(failed.reason()));
      case Outcome.Disowned disowned -> disown(id, new FaultNotOwned(id, disowned.reason()));
      case Outcome.Deferred deferred ->
          log.warn(
              "fault {} is left unfinished; it is handled again at the next start: {}",
              id,
              deferred.reason());
    }
  }
}
