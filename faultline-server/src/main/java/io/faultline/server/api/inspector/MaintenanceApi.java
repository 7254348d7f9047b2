package io.faultline.server.api.inspector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.doctor.Maintenance;
import io.faultline.error.FaultlineException;
import io.faultline.host.HostId;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Json;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PUT /v1/hosts/{host}/maintenance}: {@code {"maintenance": true, "reason": "…", "until":
 * "2026-12-01T06:00:00Z"}} puts a host in maintenance (its compute service disabled with the
 * reason; never fenced), {@code {"maintenance": false}} ends it. Admin only, as Nova's service
 * update.
 */
public final class MaintenanceApi implements ApiModule {
  private static final Set<String> FIELDS = Set.of("maintenance", "reason", "until");

  private final Maintenance maintenance;

  public MaintenanceApi(Maintenance maintenance) {
    this.maintenance = requireNonNull(maintenance, "maintenance is null");
  }

  @Override
  public void register(Router router) {
    router.put(Service.FAULTLINE, "/v1/hosts/{host}/maintenance", this::update);
  }

  private void update(Exchange exchange) {
    HostId host = new HostId(exchange.pathParam("host"));
    ObjectNode body = exchange.jsonObject();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw FaultlineException.badRequest(
            "unknown field '" + name + "'; expected maintenance, reason, until");
      }
    }
    boolean on =
        Json.optionalBoolean(body, "maintenance", "maintenance")
            .orElseThrow(
                () -> FaultlineException.badRequest("maintenance (true or false) is required"));
    Optional<String> reason = Json.optionalString(body, "reason", "reason");
    Optional<Instant> until = until(body.get("until"));
    if (!on && (reason.isPresent() || until.isPresent())) {
      throw FaultlineException.badRequest("reason and until apply only to maintenance: true");
    }
    Maintenance.Window window =
        on
            ? maintenance.start(exchange.credentials(), host, reason, until)
            : maintenance.end(exchange.credentials(), host);
    exchange.json(
        200,
        new MaintenanceReply(
            new HostMaintenance(
                window.service().host(),
                window.inMaintenance(),
                window.service().status().name().toLowerCase(java.util.Locale.ROOT),
                window.service().disabledReason().orElse(null),
                window.service().maintenanceUntil().map(Instant::toString).orElse(null),
                window.record().id().value())));
  }

  /** A host's maintenance after the change, and the fault record that notes it. */
  record HostMaintenance(
      String host,
      boolean maintenance,
      String status,
      String reason,
      String until,
      @JsonProperty("fault_id") String faultId) {}

  record MaintenanceReply(HostMaintenance host) {}

  private static Optional<Instant> until(JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw FaultlineException.badRequest("until must be an ISO-8601 instant string");
    }
    try {
      return Optional.of(Instant.parse(value.asText()));
    } catch (DateTimeParseException e) {
      throw FaultlineException.badRequest(
          "until must be an ISO-8601 instant such as 2026-12-01T06:00:00Z, not '"
              + value.asText()
              + "'");
    }
  }
}
