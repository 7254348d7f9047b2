package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.compute.FlavorId;
import io.faultline.compute.InstanceId;
import io.faultline.compute.Migration;
import io.faultline.compute.ServerService;
import io.faultline.server.http.ApiModule;
import io.faultline.server.http.Exchange;
import io.faultline.server.http.Router;
import java.util.List;
import java.util.Set;

/**
 * Nova's os-migrations (admin), up to 2.58: the moves of instances between hosts, newest first,
 * filtered by {@code host} (either end), {@code source_compute}, {@code status}, {@code
 * instance_uuid} or {@code migration_type}. Faultline's are its evacuations.
 */
public final class MigrationsApi implements ApiModule {
  private final ServerService servers;

  public MigrationsApi(ServerService servers) {
    this.servers = requireNonNull(servers, "servers is null");
  }

  /**
   * A migration as Nova lists it; its type from 2.23. A node is named as its host. Nova's flavor
   * ids here are its internal numbers: a flavor whose id is a number shows it, another shows null;
   * the destination's address is not known (null).
   */
  record MigrationRepresentation(
      long id,
      String status,
      @JsonProperty("instance_uuid") String instanceUuid,
      @JsonProperty("source_compute") String sourceCompute,
      @JsonProperty("source_node") String sourceNode,
      @JsonProperty("dest_compute") String destCompute,
      @JsonProperty("dest_node") String destNode,
      @JsonProperty("dest_host") String destHost,
      @JsonProperty("old_instance_type_id") Long oldInstanceTypeId,
      @JsonProperty("new_instance_type_id") Long newInstanceTypeId,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("updated_at") String updatedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("migration_type")
          String migrationType) {
    static MigrationRepresentation of(Migration migration, Microversion version) {
      return new MigrationRepresentation(
          migration.id(),
          migration.status(),
          migration.instance().value(),
          migration.sourceCompute(),
          migration.sourceCompute(),
          migration.destCompute(),
          migration.destCompute(),
          null,
          number(migration.oldFlavor()),
          number(migration.newFlavor()),
          ComputeRepresentations.novaTime(migration.createdAt()),
          ComputeRepresentations.novaTime(migration.updatedAt()),
          version.atLeast(23) ? migration.type() : null);
    }
  }

  private static Long number(FlavorId flavor) {
    try {
      return Long.parseLong(flavor.value());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  record MigrationList(List<MigrationRepresentation> migrations) {}

  @Override
  public void register(Router router) {
    new NovaRoutes(router).get("/os-migrations", this::list);
  }

  private void list(Exchange exchange, Microversion version) {
    NovaQueries.allowOnly(
        exchange,
        Set.of(
            "host",
            "source_compute",
            "status",
            "instance_uuid",
            "migration_type",
            "hidden",
            "cell_name"));
    Migration.Filter filter =
        new Migration.Filter(
            exchange.query("host"),
            exchange.query("source_compute"),
            exchange.query("status"),
            exchange.query("instance_uuid").map(InstanceId::new),
            exchange.query("migration_type"));
    List<MigrationRepresentation> listed =
        servers.migrations(exchange.credentials(), filter).stream()
            .map(migration -> MigrationRepresentation.of(migration, version))
            .toList();
    exchange.json(200, new MigrationList(listed));
  }
}
