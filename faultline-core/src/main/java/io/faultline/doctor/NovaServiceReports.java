package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import io.faultline.bus.Notification;
import io.faultline.bus.Subscriber;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a real Nova drive the fault loop: Nova's versioned {@code service.update} (a {@code
 * ServiceStatusPayload} under {@code nova_object.data}, sent whenever an operator forces a compute
 * service down or disables it) with {@code forced_down: true} becomes a {@code compute.host.down}
 * report from monitor {@code nova}, whose event id is the notification's message id. Faultline's
 * own {@code service.update} is unversioned, so what it publishes itself never comes back as a
 * report. A disabled service is maintenance, not a fault: {@code disabled: true} (with its {@code
 * disabled_reason}) puts the host in maintenance, never fenced, and {@code disabled: false} takes
 * it out, as an operator's {@code faultline host maintenance} does.
 */
public final class NovaServiceReports implements Subscriber {
  /** The monitor named in the reports. */
  public static final String MONITOR = "nova";

  private static final Logger log = LoggerFactory.getLogger(NovaServiceReports.class);
  private static final String SERVICE_UPDATE = "service.update";

  private final Consumer<List<RawFault>> inspector;
  private final MaintenanceRequests maintenance;

  /** What Nova's disabling or enabling a compute service asks of maintenance. */
  public interface MaintenanceRequests {
    /** Nova disabled ({@code disabled}) or enabled the host's compute service. */
    void follow(String host, boolean disabled, Optional<String> reason);

    MaintenanceRequests NONE = (host, disabled, reason) -> {};
  }

  /**
   * @param inspector accepts the reports (an already authorized intake: the bus is trusted as the
   *     cloud's own control plane)
   */
  public NovaServiceReports(Consumer<List<RawFault>> inspector) {
    this(inspector, MaintenanceRequests.NONE);
  }

  /**
   * @param maintenance told of each disabled or enabled compute service that is not forced down
   */
  public NovaServiceReports(Consumer<List<RawFault>> inspector, MaintenanceRequests maintenance) {
    this.inspector = requireNonNull(inspector, "inspector is null");
    this.maintenance = requireNonNull(maintenance, "maintenance is null");
  }

  @Override
  public void onNotification(Notification notification) {
    Optional<RawFault> report = report(notification);
    if (report.isPresent()) {
      inspector.accept(List.of(report.get()));
      return;
    }
    computeService(notification)
        .filter(data -> data.get("disabled") instanceof Boolean)
        .ifPresent(
            data ->
                maintenance.follow(
                    (String) data.get("host"),
                    (Boolean) data.get("disabled"),
                    data.get("disabled_reason") instanceof String reason
                        ? Optional.of(reason)
                        : Optional.empty()));
  }

  /** The versioned payload of a compute service's {@code service.update} naming its host. */
  private static Optional<Map<?, ?>> computeService(Notification notification) {
    if (!SERVICE_UPDATE.equals(notification.eventType())
        || !(notification.payload().get("nova_object.data") instanceof Map<?, ?> data)
        || !(data.get("host") instanceof String host)
        || host.isBlank()) {
      return Optional.empty();
    }
    Object binary = data.get("binary");
    if (binary != null && !"nova-compute".equals(binary)) {
      return Optional.empty();
    }
    return Optional.of(data);
  }

  /** The report a notification makes, if any. */
  static Optional<RawFault> report(Notification notification) {
    if (!SERVICE_UPDATE.equals(notification.eventType())
        || !(notification.payload().get("nova_object.data") instanceof Map<?, ?> data)) {
      return Optional.empty();
    }
    if (!(data.get("host") instanceof String host) || host.isBlank()) {
      log.warn("service.update {} names no host; ignored", notification.messageId());
      return Optional.empty();
    }
    Object binary = data.get("binary");
    if (binary != null && !"nova-compute".equals(binary)) {
      return Optional.empty();
    }
    if (!Boolean.TRUE.equals(data.get("forced_down"))) {
      return Optional.empty();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("hostname", host);
    details.put("status", "down");
    details.put("monitor", MONITOR);
    details.put("monitor_event_id", notification.messageId());
    details.put("publisher_id", notification.publisherId());
    details.put("forced_down", true);
    details.put("disabled", Boolean.TRUE.equals(data.get("disabled")));
    return Optional.of(
        new RawFault(
            notification.timestamp(),
            FaultType.COMPUTE_HOST_DOWN,
            host,
            Optional.empty(),
            Optional.of("down"),
            MONITOR,
            Optional.of(notification.messageId()),
            details));
  }
}
