package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.error.FaultlineException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A fault as a monitor reports it, in the Doctor sample monitor's terms: when it was detected, its
 * type, and details naming the host (and port), the monitor and the monitor's own event id.
 */
public record RawFault(
    Instant time,
    FaultType type,
    String hostname,
    Optional<String> portId,
    Optional<String> status,
    String monitor,
    Optional<String> monitorEventId,
    Map<String, Object> details) {
  public RawFault {
    requireNonNull(time, "time is null");
    requireNonNull(type, "type is null");
    requireNonNull(hostname, "hostname is null");
    requireNonNull(portId, "portId is null");
    requireNonNull(status, "status is null");
    requireNonNull(monitor, "monitor is null");
    requireNonNull(monitorEventId, "monitorEventId is null");
    details = Map.copyOf(requireNonNull(details, "details is null"));
    if (hostname.isBlank() || hostname.length() > 255) {
      throw FaultlineException.badRequest("details.hostname must be 1 to 255 characters");
    }
    if (!type.reportable()) {
      throw FaultlineException.badRequest(
          type.wireName() + " is not a fault a monitor reports; use the host maintenance API");
    }
    boolean portEvent = type == FaultType.NETWORK_PORT_DOWN || type == FaultType.NETWORK_PORT_UP;
    if (portEvent && portId.isEmpty()) {
      throw FaultlineException.badRequest(type.wireName() + " needs details.port_id");
    }
  }

  FaultLog.Report report() {
    return new FaultLog.Report(type, hostname, portId, monitor, monitorEventId, time);
  }
}
