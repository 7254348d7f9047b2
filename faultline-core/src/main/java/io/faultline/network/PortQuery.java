package io.faultline.network;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which ports to list: every given filter must match (AND), any of a filter's values may (OR). No
 * filters lists every port.
 */
public record PortQuery(Map<PortFilter, Set<String>> filters) {
  public PortQuery {
    requireNonNull(filters, "filters is null");
    Map<PortFilter, Set<String>> copy = new EnumMap<>(PortFilter.class);
    filters.forEach(
        (filter, values) -> {
          if (!values.isEmpty()) {
            copy.put(filter, Set.copyOf(values));
          }
        });
    filters = Map.copyOf(copy);
  }

  public static PortQuery all() {
    return new PortQuery(Map.of());
  }

  public static PortQuery of(PortFilter filter, String... values) {
    return new PortQuery(Map.of(filter, Set.of(values)));
  }

  public PortQuery and(PortFilter filter, List<String> values) {
    Map<PortFilter, Set<String>> copy = new EnumMap<>(PortFilter.class);
    copy.putAll(filters);
    copy.put(filter, Set.copyOf(values));
    return new PortQuery(copy);
  }

  /** Whether {@code port} matches; the in-memory twin of the store's SQL. */
  public boolean matches(Port port) {
    for (Map.Entry<PortFilter, Set<String>> entry : filters.entrySet()) {
      if (!entry.getValue().contains(value(port, entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static String value(Port port, PortFilter filter) {
    return switch (filter) {
      case ID -> port.id().value();
      case NAME -> port.name();
      case NETWORK_ID -> port.networkId().value();
      case PROJECT_ID -> port.projectId();
      case DEVICE_ID -> port.deviceId();
      case DEVICE_OWNER -> port.deviceOwner();
      case STATUS -> port.status().name();
      case DATA_PLANE_STATUS -> port.dataPlaneStatus().map(Enum::name).orElse("");
      case HOST_ID -> port.hostId();
      case MAC_ADDRESS -> port.macAddress();
    };
  }
}
