package io.faultline.inspector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.error.FaultlineException;
import io.faultline.fault.Fault;
import io.faultline.fault.FaultId;
import io.faultline.fault.FaultLog;
import io.faultline.fault.FaultScope;
import io.faultline.fault.FaultStage;
import io.faultline.fault.FaultStatus;
import io.faultline.fault.FaultTimeline.AffectedKind;
import io.faultline.fault.FaultType;
import io.faultline.fault.InMemoryFaultStore;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InspectorTest {
  private static final Instant DETECTED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Credentials MONITOR = caller("monitor");
  private static final Credentials MEMBER = caller("member");

  /** Host and port actions that record what was asked and in which fault scope. */
  private static final class RecordingActions implements HostActions {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Optional<FaultId>> scopes = new CopyOnWriteArrayList<>();

    private List<String> record(String call, List<String> result) {
      calls.add(call);
      scopes.add(FaultScope.current());
      return result;
    }

    @Override
    public List<String> forceDown(String hostname) {
      return record("forceDown " + hostname, List.of("i1", "i2"));
    }

    @Override
    public void liftForceDown(String hostname) {
      record("liftForceDown " + hostname, List.of());
    }

    @Override
    public List<String> setHostDataPlane(String hostname, boolean up) {
      return record("hostDataPlane " + hostname + " " + up, List.of("p1"));
    }

    @Override
    public List<String> setPortDataPlane(String portId, boolean up) {
      return record("portDataPlane " + portId + " " + up, List.of(portId));
    }
  }

  private final RecordingActions actions = new RecordingActions();
  private final InMemoryFaultStore store = new InMemoryFaultStore();
  private final FaultLog faults = new FaultLog(store, Runnable::run, 100);
  private Inspector inspector;

  private static Credentials caller(String role) {
    return new Credentials("u", "u", "default", Optional.of("p"), Optional.of("p"), Set.of(role));
  }

  private Inspector inspector(FenceAgent fence) {
    PolicyDefaults defaults = new PolicyDefaults();
    InspectorPolicies.register(defaults);
    inspector =
        new Inspector(
            Policy.of(defaults.rules(), Map.of()),
            faults,
            fence,
            actions,
            InstantSource.system(),
            true);
    return inspector;
  }

  @AfterEach
  void close() {
    if (inspector != null) {
      inspector.close();
    }
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

  private Fault awaitFinal(FaultId id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Fault fault = faults.find(id).orElseThrow();
      if (fault.status().isFinal()) {
        return fault;
      }
      Thread.sleep(2);
    }
    throw new AssertionError("fault " + id + " was not handled");
  }

  @Test
  void fencedHostIsForcedDownAndItsPortsSetDownInsideTheFaultScope() throws Exception {
    Inspector inspector = inspector(FenceAgent.NONE);
    Inspector.Receipt receipt = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0);
    Fault fault = awaitFinal(receipt.faultId());

    assertThat(fault.status()).isEqualTo(FaultStatus.HANDLED);
    assertThat(actions.calls).containsExactly("forceDown h1", "hostDataPlane h1 false");
    assertThat(actions.scopes).containsOnly(Optional.of(receipt.faultId()));
    assertThat(fault.affected().get(AffectedKind.INSTANCE)).containsExactly("i1", "i2");
    assertThat(fault.affected().get(AffectedKind.PORT)).containsExactly("p1");
    assertThat(fault.stamp(FaultStage.DETECTED)).contains(DETECTED);
    assertThat(fault.stamps())
        .containsKeys(FaultStage.DETECTED, FaultStage.RECEIVED, FaultStage.FENCED);
  }

  @Test
  void aFailedFenceLeavesTheHostAloneAndTheFaultUnfenced() throws Exception {
    Inspector inspector = inspector(host -> new FenceResult.Failed("IPMI timed out"));
    FaultId id = inspector.report(MONITOR, List.of(hostDown("h1"))).get(0).faultId();
    Fault fault = awaitFinal(id);
    assertThat(fault.status()).isEqualTo(FaultStatus.UNFENCED);
    assertThat(fault.message()).contains("IPMI timed out");
    assertThat(fault.stamps()).doesNotContainKey(FaultStage.FENCED);
    assertThat(actions.calls).isEmpty();
  }

  @Test
  void duplicateReportsMergeUntilTheHostComesBack() throws Exception {
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
        .containsExactly(
            "forceDown h1",
            "hostDataPlane h1 false",
            "liftForceDown h1",
            "hostDataPlane h1 true",
            "forceDown h1",
            "hostDataPlane h1 false");
  }

  @Test
  void differentHostsAreDifferentFaults() throws Exception {
    Inspector inspector = inspector(FenceAgent.NONE);
    List<Inspector.Receipt> receipts =
        inspector.report(MONITOR, List.of(hostDown("h1"), hostDown("h2")));
    assertThat(receipts.get(0).faultId()).isNotEqualTo(receipts.get(1).faultId());
    awaitFinal(receipts.get(0).faultId());
    awaitFinal(receipts.get(1).faultId());
    assertThat(actions.calls).contains("forceDown h1", "forceDown h2");
  }

  @Test
  void portFaultsSetThatPortsDataPlane() throws Exception {
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
  void faultsAcceptedBeforeACrashAreHandledAgainAtStart() throws Exception {
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
    assertThat(actions.calls).containsExactly("forceDown h7", "hostDataPlane h7 false");
    assertThat(store.find(accepted.id()).orElseThrow().status()).isEqualTo(FaultStatus.HANDLED);
    // A new report about the same host merges into the resumed fault.
    assertThat(inspector.report(MONITOR, List.of(hostDown("h7"))).get(0).merged()).isTrue();
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
}
