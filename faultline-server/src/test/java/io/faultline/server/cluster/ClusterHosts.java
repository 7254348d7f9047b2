package io.faultline.server.cluster;

import io.faultline.server.ServerProcess;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compute hosts built on a node through its APIs, and host-down reports, for cluster tests. */
final class ClusterHosts {
  /** When the sample monitor's reports say the host went down, unless a test needs now. */
  static final Instant SAMPLE_DETECTED_AT = Instant.parse("2026-11-25T08:00:00Z");

  /** The monitor's time format: UTC, microseconds, no zone. */
  private static final DateTimeFormatter MONITOR_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  /** A compute host with its two servers and a port. */
  record Host(String name, List<String> servers, String port) {}

  private ClusterHosts() {}

  /**
   * A heartbeating compute host with two servers and a port on {@code network}; with {@code hook},
   * each server is watched by an event alarm that calls it when the server stops.
   */
  static Host host(
      ServerProcess node, String token, String network, Optional<String> hook, String name)
      throws Exception {
    node.send(
            "POST",
            "/v1/agents/heartbeat",
            token,
            "{\"host\": \"" + name + "\", \"binary\": \"nova-compute\"}")
        .expect(200);
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String server =
          node.send(
                  "POST",
                  "/v2.1/servers",
                  token,
                  "{\"server\": {\"name\": \"vnf-%d\", \"flavorRef\": \"1\", \"imageRef\":"
                          .formatted(i)
                      + " \"cirros\", \"networks\": \"none\", \"availability_zone\": \"nova:"
                      + name
                      + "\"}}")
              .expect(202)
              .json()
              .at("/server/id")
              .asText();
      servers.add(server);
      if (hook.isPresent()) {
        node.send(
                "POST",
                "/v2/alarms",
                token,
                """
                {"name": "stopped-%s", "type": "event", "alarm_actions": ["%s"],
                 "event_rule": {"event_type": "compute.instance.update",
                   "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                              "value": "%s"},
                             {"field": "traits.state", "op": "eq", "type": "string",
                              "value": "stopped"}]}}
                """
                    .formatted(server, hook.get(), server))
            .expect(201);
      }
    }
    String port =
        node.send(
                "POST",
                "/v2.0/ports",
                token,
                "{\"port\": {\"network_id\": \"%s\", \"binding:host_id\": \"%s\"}}"
                    .formatted(network, name))
            .expect(201)
            .json()
            .at("/port/id")
            .asText();
    return new Host(name, servers, port);
  }

  /** Reports the host down to the node, as the Doctor sample monitor does; returns the fault. */
  static String reportDown(ServerProcess node, String token, String host) throws Exception {
    return node.send("PUT", "/v1/events", token, hostDownReport(host, SAMPLE_DETECTED_AT, host))
        .expect(202)
        .json()
        .at("/faults/0/fault_id")
        .asText();
  }

  /**
   * The body of the Doctor sample monitor's report that {@code host} is down, detected at {@code
   * detectedAt}, under its own event id {@code monitorEventId}.
   */
  static String hostDownReport(String host, Instant detectedAt, String monitorEventId) {
    return """
        [{"id": "monitor_sample_id1", "time": "%s", "type": "compute.host.down",
          "details": {"hostname": "%s", "status": "down", "monitor": "monitor_sample",
                      "monitor_event_id": "%s"}}]
        """
        .formatted(MONITOR_TIME.format(detectedAt), host, monitorEventId);
  }
}
