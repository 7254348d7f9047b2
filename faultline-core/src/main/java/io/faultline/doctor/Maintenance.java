package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.ComputeService;
import io.faultline.host.HostId;
import io.faultline.policy.Credentials;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance windows: an operator takes a host out of service (its compute service disabled with
 * the reason, ending by itself at an optional instant), and the loop never fences it meanwhile.
 * Entering and leaving maintenance are recorded in the fault log; an expired window is ended by
 * {@link #endExpired}, which runs on a schedule.
 */
public final class Maintenance {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final ComputeService compute;
  private final FaultLog faults;
  private final InstantSource clock;
  private final List<Consumer<HostId>> endListeners = new CopyOnWriteArrayList<>();

  public Maintenance(ComputeService compute, FaultLog faults, InstantSource clock) {
    this.compute = requireNonNull(compute, "compute is null");
    this.faults = requireNonNull(faults, "faults is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A host's maintenance as it now stands, and the fault-log record of the change. */
  public record Window(ComputeHost service, boolean inMaintenance, Fault record) {}

  /** Tells {@code listener} every host whose maintenance ended (so its monitoring resumes). */
  public void onEnd(Consumer<HostId> listener) {
    endListeners.add(requireNonNull(listener, "listener is null"));
  }

  public Window start(
      Credentials credentials, HostId host, Optional<String> reason, Optional<Instant> until) {
    ComputeHost service = compute.startMaintenance(credentials, host, reason, until);
    String message =
        "maintenance by "
            + credentials.userName()
            + reason.map(text -> ": " + text).orElse("")
            + until.map(end -> " (until " + end + ")").orElse("");
    return new Window(
        service,
        compute.inMaintenance(service),
        record(FaultType.HOST_MAINTENANCE_ON, host, credentials.userName(), message));
  }

  public Window end(Credentials credentials, HostId host) {
    ComputeHost service = compute.endMaintenance(credentials, host);
    Fault record =
        record(
            FaultType.HOST_MAINTENANCE_OFF,
            host,
            credentials.userName(),
            "maintenance ended by " + credentials.userName());
    endListeners.forEach(listener -> listener.accept(host));
    return new Window(service, compute.inMaintenance(service), record);
  }

  /**
   * Follows a compute service that the cloud's own Nova disabled ({@code disabled}) or enabled
   * again: the host enters or leaves maintenance as if {@code credentials} had asked, recorded in
   * the fault log the same way. Nothing happens when the host is unknown or already as asked (Nova
   * sends a {@code service.update} for other changes too). Returns the change, if one was made.
   */
  public Optional<Window> follow(
      Credentials credentials, HostId host, boolean disabled, Optional<String> reason) {
    Optional<ComputeHost> service = compute.findHost(Inspector.SYSTEM_PRINCIPAL, host);
    if (service.isEmpty()) {
      log.info("Nova changed the compute service of {}, which Faultline does not know", host);
      return Optional.empty();
    }
    if (compute.inMaintenance(service.get()) == disabled) {
      return Optional.empty();
    }
    return Optional.of(
        disabled
            ? start(credentials, host, reason.filter(text -> !text.isBlank()), Optional.empty())
            : end(credentials, host));
  }

  /** Ends every window that is over. */
  public void endExpired() {
    List<ComputeHost> ended = compute.endExpiredMaintenance(Inspector.SYSTEM_PRINCIPAL);
    for (ComputeHost service : ended) {
      HostId host = new HostId(service.host());
      log.info("maintenance of {} ended: its window is over", host);
      record(
          FaultType.HOST_MAINTENANCE_OFF,
          host,
          Inspector.SYSTEM_PRINCIPAL.userName(),
          "maintenance window ended");
      endListeners.forEach(listener -> listener.accept(host));
    }
  }

  private Fault record(FaultType type, HostId host, String who, String message) {
    FaultLog.Opened opened =
        faults.open(
            new FaultLog.Report(
                type, host.value(), Optional.empty(), who, Optional.empty(), clock.instant()),
            clock.instant());
    if (!opened.merged()) {
      faults.move(opened.fault().id(), FaultStatus.HANDLED, Optional.of(message));
    }
    return faults.find(opened.fault().id()).orElse(opened.fault());
  }
}
