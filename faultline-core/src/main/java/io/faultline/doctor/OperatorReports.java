package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.compute.HostFaultReports;
import io.faultline.compute.InstanceId;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Host-down reports made by hand through the compute API (Nova's force-down in both forms, the
 * seed's {@code os-hosts} {@code host_down_reported}, and so {@code faultline host down}) become
 * faults like a monitor's: one fault record, fencing as configured, the host's instances stopped
 * and its ports' data plane DOWN, a timeline, repeats merged. The caller gets its answer once the
 * fault is handled; a host that could not be fenced, or is in maintenance, is a 409.
 */
public final class OperatorReports implements HostFaultReports {
  /** The monitor name a hand report is recorded under, followed by the operator's user name. */
  public static final String MONITOR_PREFIX = "operator:";

  private final Inspector inspector;
  private final InstantSource clock;
  private final Duration patience;

  /**
   * @param patience how long a caller waits for its report to be handled (fencing included) before
   *     it is told the fault is still being handled
   */
  public OperatorReports(Inspector inspector, InstantSource clock, Duration patience) {
    this.inspector = requireNonNull(inspector, "inspector is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.patience = requireNonNull(patience, "patience is null");
  }

  @Override
  public List<InstanceId> report(Credentials reporter, HostId host, boolean down) {
    RawFault raw =
        new RawFault(
            clock.instant(),
            down ? FaultType.COMPUTE_HOST_DOWN : FaultType.COMPUTE_HOST_UP,
            host.value(),
            Optional.empty(),
            Optional.of(down ? "down" : "up"),
            MONITOR_PREFIX + reporter.userName(),
            Optional.empty(),
            Map.of());
    Inspector.Receipt receipt = inspector.accept(List.of(raw)).get(0);
    Fault fault = await(receipt);
    return switch (fault.status()) {
      case HANDLED ->
          fault.affected().getOrDefault(AffectedKind.INSTANCE, List.of()).stream()
              .map(InstanceId::new)
              .toList();
      case UNFENCED ->
          throw FaultlineException.conflict(
              "Compute host "
                  + host
                  + " could not be fenced, so it was not reported down: "
                  + fault.message().orElse("fencing failed")
                  + " (fault "
                  + fault.id()
                  + ")");
      case IGNORED ->
          throw FaultlineException.conflict(
              fault.message().orElse("the report was ignored") + " (fault " + fault.id() + ")");
      case FAILED ->
          throw new FaultlineException(
              ErrorCode.UNAVAILABLE,
              "the report could not be handled: "
                  + fault.message().orElse("unknown error")
                  + " (fault "
                  + fault.id()
                  + ")");
      case RECEIVED, FENCING ->
          throw new FaultlineException(
              ErrorCode.UNAVAILABLE,
              "fault " + fault.id() + " is still being handled; see GET /v1/faults/" + fault.id());
    };
  }

  private Fault await(Inspector.Receipt receipt) {
    try {
      Fault fault =
          inspector.handled(receipt.faultId()).get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return fault != null ? fault : inspector.faultOrThrow(receipt.faultId());
    } catch (TimeoutException e) {
      return inspector.faultOrThrow(receipt.faultId());
    } catch (ExecutionException e) {
      throw new FaultlineException(
          ErrorCode.UNAVAILABLE, "the report could not be handled: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultlineException(ErrorCode.UNAVAILABLE, "interrupted while handling the report");
    }
  }
}
