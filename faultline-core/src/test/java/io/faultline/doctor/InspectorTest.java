package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.Remediation.HostCondition;
import io.faultline.doctor.Remediation.Touched;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.policy.PolicyDefaults;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InspectorTest {
  private static final Instant DETECTED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Credentials MONITOR = caller("monitor");
  private static final Credentials MEMBER = caller("member");

  /** A remediation that records what was asked and for which cause. */
  private static final class RecordingRemediation implements Remediation {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Cause> causes = new CopyOnWriteArrayList<>();
    final Map<String, HostCondition> conditions = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicInteger hostDownFailures =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile RuntimeException hostDownFailure;
    volatile Runnable beforeHostDown = () -> {};

    private <T> T record(String call, Cause cause, T result) {
      calls.add(call);
      causes.add(cause);
      return result;
    }

    @Override
    public HostCondition condition(HostId host) {
      return conditions.getOrDefault(host.value(), new HostCondition.InService());
    }

    @Override
    public Touched hostDown(HostId host, boolean dataPlaneDown, Cause cause) {
      beforeHostDown.run();
      if (hostDownFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
        calls.add("failed hostDown " + host);
        throw hostDownFailure;
      }
      return record(
          "hostDown " + host + " " + dataPlaneDown,
          cause,
          new Touched(List.of("i1", "i2"), dataPlaneDown ? List.of("p1") : List.of()));
    }

    @Override
    public Touched hostUp(HostId host, boolean dataPlaneUp, Cause cause) {
      return record(
          "hostUp " + host + " " + dataPlaneUp,
          cause,
          new Touched(List.of(), dataPlaneUp ? List.of("p1") : List.of()));
    }

    @Override
    public List<String> hostDataPlane(HostId host, boolean up, Cause cause) {
      return record("hostDataPlane " + host + " " + up, cause, List.of("p1"));
    }

    @Override
    public List<String> portDataPlane(String portId, boolean up, Cause cause) {
      return record("portDataPlane " + portId + " " + up, cause, List.of(portId));
    }
  }

  private final RecordingRemediation actions = new RecordingRemediation();
  private final ManualWorkQueue queue = new ManualWorkQueue();
  private final InMemoryFaultStore store = new InMemoryFaultStore();
  private final FaultLog faults = new FaultLog(store, Runnable::run, 100);
  private Inspector inspector;

  private static Credentials caller(String role) {
    return new Credentials("u", "u", "default", Optional.of("p"), Optional.of("p"), Set.of(role));
  }

  private Inspector inspector(FenceAgent fence) {
    return inspector(faults, fence);
  }

  /** An inspector on {@code log} that handles a deferred fault again at once. */
  private Inspector inspector(FaultLog log, FenceAgent fence) {
    PolicyDefaults defaults = new PolicyDefaults();
    InspectorPolicies.register(defaults);
    inspector =
        new Inspector(
            Policy.of(defaults.rules(), Map.of()),
            log,
            fence,
            actions,
            queue,
            InstantSource.system(),
            true,
            java.time.Duration.ZERO,
            Inspector.BeforeRecord.NONE);
    return inspector;
  }

  private static RawFault hostDown(String host) {
    return raw(FaultType.COMPUTE_HOST_DOWN, host);
  }

  private static RawFault raw(FaultType type, String host) {
    return new RawFault(
        DETECTED,
        type,
        host,
        Optional.empty(),
        Optional.of("down"),
        "sample",
        Optional.of("e1"),
        Map.of());
  }

  /** Steps the loop until nothing is left to do, then reads the fault, which must be final. */
  private Fault awaitFinal(FaultId id) {
    queue.runAll();
    Fault fault = faults.find(id).orElseThrow();
    assertThat(fault.status().isFinal()).as("fault %s is final", id).isTrue();
    return fault;
  }

  @Test
  void fencedHostIsForcedDownWithItsPortsForTheFaultsCause() {
    Inspector inspector = inspector(FenceAgent.NONE);
    Inspector.Receipt receipt = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0);
    assertThat(actions.calls).as("nothing happens until the work queue runs").isEmpty();
    assertThat(inspector.handled(receipt.faultId())).isNotDone();
    Fault fault = awaitFinal(receipt.faultId());

    assertThat(fault.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(inspector.handled(receipt.faultId()))
        .isCompletedWithValueMatching(done -> done.status() == FaultStatus.HANDLED);
    assertThat(actions.calls).containsExactly("hostDown h1 true");
    assertThat(actions.causes)
        .containsOnly(new Cause(receipt.faultId(), Inspector.SYSTEM_PRINCIPAL.userName()));
    assertThat(fault.affected().get(AffectedKind.INSTANCE)).containsExactly("i1", "i2");
    assertThat(fault.affected().get(AffectedKind.PORT)).containsExactly("p1");
    assertThat(fault.stamp(FaultStage.DETECTED)).contains(DETECTED);
    assertThat(fault.stamps())
        .containsKeys(FaultStage.DETECTED, FaultStage.RECEIVED, FaultStage.FENCED);
  }

  @Test
  void aFailedFenceLeavesTheHostAloneAndTheFaultUnfenced() {
    Inspector inspector = inspector(host -> new FenceResult.Failed("IPMI timed out"));
    FaultId id = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0).faultId();
    Fault fault = awaitFinal(id);
    assertThat(fault.status()).isEqualTo(FaultStatus.UNFENCED);
    assertThat(fault.message()).contains("IPMI timed out");
    assertThat(fault.stamps()).doesNotContainKey(FaultStage.FENCED);
    assertThat(actions.calls).isEmpty();
  }

  @Test
  void duplicateReportsMergeUntilTheHostComesBack() {
    Inspector inspector = inspector(FenceAgent.NONE);
    Inspector.Receipt first = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0);
    Inspector.Receipt second = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0);
    assertThat(first.merged()).isFalse();
    assertThat(second.merged()).isTrue();
    assertThat(second.faultId()).isEqualTo(first.faultId());
    awaitFinal(first.faultId());
    assertThat(faults.find(first.faultId()).orElseThrow().reports()).isEqualTo(2);

    Inspector.Receipt up =
        inspector.report(MONITOR, List.of(raw(FaultType.COMPUTE_HOST_UP, "h1"))).get(0);
    awaitFinal(up.faultId());
    Inspector.Receipt again = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0);
    assertThat(again.merged()).isFalse();
    awaitFinal(again.faultId());
    assertThat(actions.calls)
        .containsExactly("hostDown h1 true", "hostUp h1 true", "hostDown h1 true");
  }

  @Test
  void differentHostsAreDifferentFaults() {
    Inspector inspector = inspector(FenceAgent.NONE);
    List<Inspector.Receipt> receipts =
        inspector.report(MONITOR, List.of(hostDown("h1"), hostDown("h2")));
    assertThat(receipts.get(0).faultId()).isNotEqualTo(receipts.get(1).faultId());
    awaitFinal(receipts.get(0).faultId());
    awaitFinal(receipts.get(1).faultId());
    assertThat(actions.calls).contains("hostDown h1 true", "hostDown h2 true");
  }

  @Test
  void portFaultsSetThatPortsDataPlane() {
    Inspector inspector = inspector(FenceAgent.NONE);
    RawFault portDown =
        new RawFault(
            DETECTED,
            FaultType.NETWORK_PORT_DOWN,
            "h1",
            Optional.of("port-9"),
            Optional.empty(),
            "sdn",
            Optional.empty(),
            Map.of());
    FaultId id = inspector.report(MONITOR, List.of(portDown)).get(0).faultId();
    assertThat(awaitFinal(id).affected().get(AffectedKind.PORT)).containsExactly("port-9");
    assertThat(actions.calls).containsExactly("portDataPlane port-9 false");
  }

  @Test
  void onlyAdminsAndMonitorsMayReport() {
    Inspector inspector = inspector(FenceAgent.NONE);
    assertThatThrownBy(() -> inspector.report(MEMBER, List.of(hostDown("h1"))))
        .isInstanceOf(FaultlineException.class)
        .hasMessageContaining("inspector:report");
    assertThat(faults.recent(10)).isEmpty();
    assertThat(actions.calls).isEmpty();
  }

  @Test
  void faultsAcceptedBeforeACrashAreHandledAgainAtStart() {
    Fault accepted =
        new Fault(
            new FaultId("before-crash"),
            FaultType.COMPUTE_HOST_DOWN,
            "h7",
            Optional.empty(),
            "sample",
            Optional.of("e7"),
            FaultStatus.FENCING,
            Optional.empty(),
            1,
            Map.of(FaultStage.DETECTED, DETECTED, FaultStage.RECEIVED, DETECTED.plusMillis(1)),
            Map.of());
    store.save(accepted);
    store.save(
        new Fault(
            new FaultId("done"),
            FaultType.COMPUTE_HOST_DOWN,
            "h8",
            Optional.empty(),
            "sample",
            Optional.empty(),
            FaultStatus.HANDLED,
            Optional.empty(),
            1,
            Map.of(FaultStage.RECEIVED, DETECTED),
            Map.of()));
    Inspector inspector = inspector(FenceAgent.NONE);

    assertThat(inspector.resume()).isEqualTo(1);
    Fault fault = awaitFinal(accepted.id());
    assertThat(fault.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(actions.calls).containsExactly("hostDown h7 true");
    assertThat(store.find(accepted.id()).orElseThrow().status()).isEqualTo(FaultStatus.HANDLED);
    // A new report about the same host merges into the resumed fault.
    assertThat(inspector.report(MONITOR, List.of(hostDown("h7"))).get(0).merged()).isTrue();
  }

  @Test
  void aFaultResumedAfterItsHostWasFencedIsNotFencedAgain() {
    Fault fenced =
        new Fault(
            new FaultId("fenced-before-crash"),
            FaultType.COMPUTE_HOST_DOWN,
            "h7",
            Optional.empty(),
            "sample",
            Optional.of("e7"),
            FaultStatus.FENCING,
            Optional.empty(),
            1,
            Map.of(
                FaultStage.DETECTED, DETECTED,
                FaultStage.RECEIVED, DETECTED.plusMillis(1),
                FaultStage.FENCED, DETECTED.plusMillis(2)),
            Map.of());
    store.save(fenced);
    List<String> fences = new java.util.ArrayList<>();
    Inspector inspector =
        inspector(
            request -> {
              fences.add(request.hostname());
              return new FenceResult.Fenced("test");
            });

    assertThat(inspector.resume()).isEqualTo(1);
    assertThat(awaitFinal(fenced.id()).status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(fences).isEmpty();
    assertThat(actions.calls).containsExactly("hostDown h7 true");
  }

  @Test
  void theFencedStageIsInTheStoreBeforeTheHostIsForcedDown() {
    // The log writes behind on an executor that never runs: only a write-through reaches the store.
    FaultLog behind = new FaultLog(store, task -> {}, 100);
    Inspector inspector = inspector(behind, host -> new FenceResult.Fenced("test"));
    FaultId id = inspector.report(MONITOR, List.of(hostDown("h5"))).get(0).faultId();
    List<Optional<java.time.Instant>> fencedWhenForcedDown = new java.util.ArrayList<>();
    actions.beforeHostDown =
        () -> fencedWhenForcedDown.add(store.find(id).orElseThrow().stamp(FaultStage.FENCED));
    queue.runAll();
    assertThat(fencedWhenForcedDown).hasSize(1);
    assertThat(fencedWhenForcedDown.get(0)).isPresent();
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(FaultStatus.HANDLED);
  }

  @Test
  void anOutcomeTheStoreDoesNotTakeAtOnceIsRecordedOnceItDoes() {
    FlakyFaultStore flaky = new FlakyFaultStore();
    FaultLog log = new FaultLog(flaky, Runnable::run, 100);
    Inspector inspector = inspector(log, host -> new FenceResult.Failed("IPMI timeout"));
    FaultId id = inspector.report(MONITOR, List.of(hostDown("h6"))).get(0).faultId();
    flaky.failingSaves.set(3);
    queue.runAll();
    assertThat(flaky.failingSaves.get()).isZero();
    assertThat(flaky.find(id).orElseThrow().status()).isEqualTo(FaultStatus.UNFENCED);
  }

  @Test
  void aFaultIsDurableBeforeItIsAcknowledged() {
    Inspector inspector = inspector(host -> new FenceResult.Failed("hold"));
    FaultId id = inspector.report(MONITOR, List.of(hostDown("h9"))).get(0).faultId();
    assertThat(store.find(id)).isPresent();
  }

  @Test
  void aPortEventWithoutAPortIsRefused() {
    assertThatThrownBy(
            () ->
                new RawFault(
                    DETECTED,
                    FaultType.NETWORK_PORT_DOWN,
                    "h1",
                    Optional.empty(),
                    Optional.empty(),
                    "m",
                    Optional.empty(),
                    Map.of()))
        .hasMessageContaining("port_id");
  }

  @Test
  void aHostInMaintenanceIsRecordedAndNeitherFencedNorTouched() {
    List<String> fenced = new CopyOnWriteArrayList<>();
    Inspector inspector =
        inspector(
            request -> {
              fenced.add(request.hostname());
              return new FenceResult.Fenced("test");
            });
    actions.conditions.put("h3", new HostCondition.InMaintenance(Optional.of("disk swap")));
    FaultId id = inspector.report(MONITOR, List.of(hostDown("h3"))).get(0).faultId();
    Fault fault = awaitFinal(id);
    assertThat(fault.status()).isEqualTo(FaultStatus.IGNORED);
    assertThat(fault.message()).hasValueSatisfying(m -> assertThat(m).contains("disk swap"));
    assertThat(fenced).isEmpty();
    assertThat(actions.calls).isEmpty();
  }

  @Test
  void anUnknownHostFailsTheFaultWithoutFencing() {
    Inspector inspector = inspector(host -> new FenceResult.Failed("must not be called"));
    actions.conditions.put("ghost", new HostCondition.Unknown());
    Fault fault =
        awaitFinal(inspector.report(MONITOR, List.of(hostDown("ghost"))).get(0).faultId());
    assertThat(fault.status()).isEqualTo(FaultStatus.FAILED);
    assertThat(fault.message()).hasValueSatisfying(m -> assertThat(m).contains("ghost"));
  }

  @Test
  void aStoreThatDoesNotAnswerForAWhileDelaysTheFaultButDoesNotFailIt() {
    Inspector inspector = inspector(FenceAgent.NONE);
    actions.hostDownFailure =
        new FaultlineException(
            io.faultline.error.ErrorCode.UNAVAILABLE,
            "the database is unavailable; retry in a few seconds");
    actions.hostDownFailures.set(2);

    Fault fault = awaitFinal(inspector.report(MONITOR, List.of(hostDown("h3"))).get(0).faultId());

    assertThat(fault.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(fault.affected().get(AffectedKind.INSTANCE)).containsExactly("i1", "i2");
    assertThat(actions.calls)
        .containsExactly("failed hostDown h3", "failed hostDown h3", "hostDown h3 true");
    assertThat(store.find(fault.id()).orElseThrow().status()).isEqualTo(FaultStatus.HANDLED);
  }

  @Test
  void aStoreThatNeverAnswersFailsTheFaultAfterItsAttempts() {
    Inspector inspector = inspector(FenceAgent.NONE);
    actions.hostDownFailure = new IllegalStateException("connection refused");
    actions.hostDownFailures.set(Integer.MAX_VALUE);

    Fault fault = awaitFinal(inspector.report(MONITOR, List.of(hostDown("h4"))).get(0).faultId());

    assertThat(fault.status()).isEqualTo(FaultStatus.FAILED);
    assertThat(fault.message())
        .hasValueSatisfying(m -> assertThat(m).contains("connection refused"));
    assertThat(actions.calls).hasSize(Inspector.MAX_ATTEMPTS);
  }

  @Test
  void aRefusalIsNotTriedAgain() {
    Inspector inspector = inspector(FenceAgent.NONE);
    actions.hostDownFailure = FaultlineException.forbidden("not allowed");
    actions.hostDownFailures.set(Integer.MAX_VALUE);

    Fault fault = awaitFinal(inspector.report(MONITOR, List.of(hostDown("h5"))).get(0).faultId());

    assertThat(fault.status()).isEqualTo(FaultStatus.FAILED);
    assertThat(actions.calls).containsExactly("failed hostDown h5");
  }

  @Test
  void aMaintenanceRecordLeftUnfinishedByACrashIsSettledNotHandled() {
    Fault record =
        new Fault(
            new FaultId("maintenance-before-crash"),
            FaultType.HOST_MAINTENANCE_ON,
            "h6",
            Optional.empty(),
            "admin",
            Optional.empty(),
            FaultStatus.RECEIVED,
            Optional.empty(),
            1,
            Map.of(FaultStage.DETECTED, DETECTED, FaultStage.RECEIVED, DETECTED),
            Map.of());
    store.save(record);
    Inspector inspector = inspector(host -> new FenceResult.Failed("must not be called"));

    assertThat(inspector.resume()).isZero();
    queue.runAll();

    assertThat(actions.calls).isEmpty();
    assertThat(store.find(record.id()).orElseThrow().status()).isEqualTo(FaultStatus.HANDLED);
  }
}
