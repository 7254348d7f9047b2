package io.faultline.server.config;

import io.faultline.doctor.FaultType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code inspector.alertmanager.*}: how a Prometheus Alertmanager webhook's alerts become raw
 * faults. An alert carrying a {@code fault_type} label has that type whatever its name.
 *
 * @param faultTypes alert name → fault type ({@code inspector.alertmanager.fault-types}, default
 *     {@code NodeDown: compute.host.down})
 * @param hostLabels labels naming the host, first present wins; {@code instance} loses its port
 *     ({@code inspector.alertmanager.host-labels}, default {@code [host, nodename, instance]})
 */
public record AlertmanagerConfig(Map<String, String> faultTypes, List<String> hostLabels) {
  public AlertmanagerConfig {
    faultTypes =
        faultTypes == null
            ? Map.of("NodeDown", FaultType.COMPUTE_HOST_DOWN.wireName())
            : Map.copyOf(new LinkedHashMap<>(faultTypes));
    faultTypes.forEach(
        (alert, type) -> {
          try {
            FaultType.fromWire(type);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "inspector.alertmanager.fault-types." + alert + ": " + e.getMessage(), e);
          }
        });
    hostLabels =
        hostLabels == null ? List.of("host", "nodename", "instance") : List.copyOf(hostLabels);
    if (hostLabels.isEmpty() || hostLabels.stream().anyMatch(label -> label.isBlank())) {
      throw new IllegalArgumentException(
          "inspector.alertmanager.host-labels must list at least one label name");
    }
  }

  public static AlertmanagerConfig defaults() {
    return new AlertmanagerConfig(null, null);
  }
}
