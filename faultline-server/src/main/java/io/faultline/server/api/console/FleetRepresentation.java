package io.faultline.server.api.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.compute.ComputeHost;
import io.faultline.compute.HostSummary;
import io.faultline.compute.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's fleet view: every compute host the caller may see, with the clock and the service
 * down time the page ages heartbeats against.
 */
record FleetRepresentation(
    @JsonProperty("generated_at") String generatedAt,
    @JsonProperty("service_down_time_ms") long serviceDownTimeMs,
    List<HostRepresentation> hosts) {
  FleetRepresentation {
    hosts = List.copyOf(hosts);
  }

  static FleetRepresentation from(
      List<HostSummary> hosts,
      Map<String, Integer> dataPlaneDown,
      Instant now,
      Duration serviceDownTime) {
    List<HostRepresentation> rows = new ArrayList<>(hosts.size());
    for (HostSummary summary : hosts) {
      rows.add(
          HostRepresentation.from(
              summary, dataPlaneDown.getOrDefault(summary.host().host(), 0), now));
    }
    return new FleetRepresentation(now.toString(), serviceDownTime.toMillis(), rows);
  }

  /** One compute host; {@code instances} counts its instances by VM state, states sorted. */
  record HostRepresentation(
      String host,
      String id,
      String state,
      String status,
      @JsonProperty("disabled_reason") String disabledReason,
      @JsonProperty("maintenance_until") String maintenanceUntil,
      @JsonProperty("forced_down") boolean forcedDown,
      @JsonProperty("last_heartbeat") String lastHeartbeat,
      @JsonProperty("heartbeat_age_ms") long heartbeatAgeMs,
      Map<String, Integer> instances,
      @JsonProperty("ports_data_plane_down") int portsDataPlaneDown) {
    static HostRepresentation from(HostSummary summary, int dataPlaneDown, Instant now) {
      ComputeHost host = summary.host();
      Map<String, Integer> instances = new TreeMap<>();
      for (Map.Entry<VmState, Integer> entry : summary.instances().entrySet()) {
        instances.put(entry.getKey().wireName(), entry.getValue());
      }
      return new HostRepresentation(
          host.host(),
          host.id().value(),
          FleetRepresentation.state(summary, now),
          host.status().wireName(),
          host.disabledReason().orElse(null),
          host.maintenanceUntil().map(Instant::toString).orElse(null),
          host.forcedDown(),
          host.lastHeartbeat().toString(),
          Duration.between(host.lastHeartbeat(), now).toMillis(),
          Collections.unmodifiableMap(instances),
          dataPlaneDown);
    }
  }

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
}
