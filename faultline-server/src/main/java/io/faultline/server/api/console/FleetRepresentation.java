package io.faultline.server.api.console;

import io.faultline.compute.ComputeHost;
import io.faultline.compute.HostSummary;
import io.faultline.compute.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One compute host as the console's fleet view shows it. */
final class FleetRepresentation {
  private FleetRepresentation() {}

  /**
   * The host's one state for display, worst first: forced down (reported down), down (silent past
   * the service down time), maintenance (disabled, its window not over), disabled (its maintenance
   * window over but not yet re-enabled), up.
   */
  static String state(HostSummary summary, Instant now) {
    ComputeHost host = summary.host();
    if (host.forcedDown()) {
      return "forced_down";
    }
    if (!summary.up()) {
      return "down";
    }
    if (!host.enabled()) {
      return host.inMaintenance(now) ? "maintenance" : "disabled";
    }
    return "up";
  }

  static Map<String, Object> host(HostSummary summary, int dataPlaneDown, Instant now) {
    ComputeHost host = summary.host();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("host", host.host());
    body.put("id", host.id().value());
    body.put("state", state(summary, now));
    body.put("status", host.status().wireName());
    body.put("disabled_reason", host.disabledReason().orElse(null));
    body.put("maintenance_until", host.maintenanceUntil().map(Instant::toString).orElse(null));
    body.put("forced_down", host.forcedDown());
    body.put("last_heartbeat", host.lastHeartbeat().toString());
    body.put("heartbeat_age_ms", Duration.between(host.lastHeartbeat(), now).toMillis());
    Map<String, Integer> instances = new TreeMap<>();
    for (Map.Entry<VmState, Integer> entry : summary.instances().entrySet()) {
      instances.put(entry.getKey().wireName(), entry.getValue());
    }
    body.put("instances", instances);
    body.put("ports_data_plane_down", dataPlaneDown);
    return body;
  }
}
