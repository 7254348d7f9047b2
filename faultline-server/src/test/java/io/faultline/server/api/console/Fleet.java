package io.faultline.server.api.console;

import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds fleet content through the public APIs, as an operator and tenants would. */
final class Fleet {
  private final TestServer server;

  Fleet(TestServer server) {
    this.server = server;
  }

  /**
   * A server of the tenant's. The scheduler places it on a live host: tests beat only the host they
   * mean before creating servers.
   */
  String instance(Account tenant, String name) {
    return server
        .http()
        .post(
            "/v2.1/servers",
            tenant.token(),
            """
            {"server": {"name": "%s", "flavorRef": "1", "imageRef": "cirros", "networks": "none"}}
            """
                .formatted(name))
        .expect(202)
        .json()
        .at("/server/id")
        .asText();
  }

  /** A port of the admin's bound to {@code host}; returns its id. */
  String port(String host) {
    String network =
        server
            .http()
            .post("/v2.0/networks", server.adminToken(), "{\"network\": {\"name\": \"net\"}}")
            .expect(201)
            .json()
            .at("/network/id")
            .asText();
    return server
        .http()
        .post(
            "/v2.0/ports",
            server.adminToken(),
            "{\"port\": {\"network_id\": \""
                + network
                + "\", \"binding:host_id\": \""
                + host
                + "\"}}")
        .expect(201)
        .json()
        .at("/port/id")
        .asText();
  }

  /** An event alarm of the tenant's on its instance stopping, calling {@code webhook}. */
  String alarm(Account tenant, String name, String instance, String webhook) {
    return server
        .http()
        .post(
            "/v2/alarms",
            tenant.token(),
            """
            {"name": "%s", "type": "event", "alarm_actions": ["%s"],
             "event_rule": {"event_type": "compute.instance.update",
               "query": [{"field": "traits.instance_id", "op": "eq", "type": "string",
                          "value": "%s"},
                         {"field": "traits.state", "op": "eq", "type": "string",
                          "value": "stopped"}]}}
            """
                .formatted(name, webhook, instance))
        .expect(201)
        .json()
        .get("alarm_id")
        .asText();
  }

  /**
   * A raw host-down fault in the Doctor sample monitor's format, detected now; returns the fault
   * id.
   */
  String reportDown(String host, String eventId) {
    return server
        .http()
        .put(
            "/v1/events",
            server.adminToken(),
            """
            [{"time": "%s", "type": "compute.host.down",
              "details": {"hostname": "%s", "status": "down", "monitor": "console-test",
                          "monitor_event_id": "%s"}}]
            """
                .formatted(
                    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()),
                    host,
                    eventId))
        .expect(202)
        .json()
        .at("/faults/0/fault_id")
        .asText();
  }
}
