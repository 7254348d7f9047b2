package io.faultline.network;

import io.faultline.bus.Notification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifications Neutron's API publishes for a port update, for changes of {@code status} or
 * {@code data_plane_status}: {@code port.update.start} with the change and the port id, then {@code
 * port.update.end} with the port after and before ({@code original_port}).
 */
public final class PortNotifications {
  public static final String PUBLISHER_ID = "network.faultline";
  public static final String UPDATE_START = "port.update.start";
  public static final String UPDATE_END = "port.update.end";

  private PortNotifications() {}

  /** Whether a change from {@code before} to {@code after} is one that must be announced. */
  public static boolean announces(Port before, Port after) {
    return before.status() != after.status()
        || !before.dataPlaneStatus().equals(after.dataPlaneStatus());
  }

  /** The start and end notifications of one port change, in publication order. */
  public static List<Notification> update(Port before, Port after, Instant now) {
    Map<String, Object> change = new LinkedHashMap<>();
    if (before.status() != after.status()) {
      change.put("status", after.status().name());
    }
    if (!before.dataPlaneStatus().equals(after.dataPlaneStatus())) {
      change.put("data_plane_status", after.dataPlaneStatus().map(Enum::name).orElse(null));
    }
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("port", change);
    start.put("id", after.id().value());
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("port", payload(after));
    end.put("original_port", payload(before));
    List<Notification> notifications = new ArrayList<>(2);
    notifications.add(Notification.info(PUBLISHER_ID, UPDATE_START, start, now));
    notifications.add(Notification.info(PUBLISHER_ID, UPDATE_END, end, now));
    return notifications;
  }

  /** A port as Neutron shows it to an admin, plus the seed's {@code dp_down}. */
  public static Map<String, Object> payload(Port port) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", port.id().value());
    map.put("name", port.name());
    map.put("network_id", port.networkId().value());
    map.put("tenant_id", port.projectId());
    map.put("project_id", port.projectId());
    map.put("device_id", port.deviceId());
    map.put("device_owner", port.deviceOwner());
    map.put("binding:host_id", port.hostId());
    map.put("mac_address", port.macAddress());
    List<Map<String, Object>> fixedIps = new ArrayList<>();
    for (FixedIp fixedIp : port.fixedIps()) {
      Map<String, Object> ip = new LinkedHashMap<>();
      ip.put("subnet_id", fixedIp.subnetId());
      ip.put("ip_address", fixedIp.ipAddress());
      fixedIps.add(ip);
    }
    map.put("fixed_ips", fixedIps);
    map.put("admin_state_up", port.adminStateUp());
    map.put("status", port.status().name());
    map.put("data_plane_status", port.dataPlaneStatus().map(Enum::name).orElse(null));
    map.put("dp_down", port.dataPlaneDown());
    map.put("revision_number", port.revisionNumber());
    map.put("created_at", timestamp(port.createdAt()));
    map.put("updated_at", timestamp(port.updatedAt()));
    return map;
  }

  /** Neutron's timestamp format: UTC, whole seconds, {@code Z}. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
