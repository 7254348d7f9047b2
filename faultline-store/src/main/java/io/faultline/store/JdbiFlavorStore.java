package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.compute.Flavor;
import io.faultline.compute.FlavorId;
import io.faultline.compute.FlavorSpec;
import io.faultline.compute.FlavorStore;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Flavors in {@code compute_flavor}, private flavors' access in {@code compute_flavor_access}. */
public final class JdbiFlavorStore implements FlavorStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> SPECS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, name, vcpus, memory_mb, disk_gb, ephemeral_gb, swap_mb, rxtx_factor, is_public,"
          + " extra_specs";
  private static final RowMapper<FlavorSpec> FLAVOR =
      (rs, ctx) ->
          new FlavorSpec(
              new Flavor(
                  new FlavorId(rs.getString("id")),
                  rs.getString("name"),
                  rs.getInt("vcpus"),
                  rs.getInt("memory_mb"),
                  rs.getInt("disk_gb")),
              rs.getInt("ephemeral_gb"),
              rs.getInt("swap_mb"),
              rs.getDouble("rxtx_factor"),
              rs.getBoolean("is_public"),
              read(rs.getString("extra_specs")));

  @Override
  public boolean insert(Transaction tx, FlavorSpec spec) {
    Flavor flavor = spec.flavor();
    // A create racing another of the same id or name inserts nothing instead of failing.
    return handle(tx)
            .execute(
                "INSERT INTO compute_flavor ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                flavor.id().value(),
                flavor.name(),
                flavor.vcpus(),
                flavor.memoryMb(),
                flavor.diskGb(),
                spec.ephemeralGb(),
                spec.swapMb(),
                spec.rxtxFactor(),
                spec.isPublic(),
                write(spec.extraSpecs()))
        > 0;
  }

  @Override
  public boolean delete(Transaction tx, FlavorId id) {
    handle(tx).execute("DELETE FROM compute_flavor_access WHERE flavor_id = ?", id.value());
    return handle(tx).execute("DELETE FROM compute_flavor WHERE id = ?", id.value()) > 0;
  }

  @Override
  public Optional<FlavorSpec> find(Transaction tx, String id) {
    return handle(tx)
        .createQuery("SELECT " + COLUMNS + " FROM compute_flavor WHERE id = ?")
        .bind(0, id)
        .map(FLAVOR)
        .findOne();
  }

  @Override
  public Optional<FlavorSpec> findByName(Transaction tx, String name) {
    return handle(tx)
        .createQuery("SELECT " + COLUMNS + " FROM compute_flavor WHERE name = ?")
        .bind(0, name)
        .map(FLAVOR)
        .findOne();
  }

  @Override
  public List<FlavorSpec> list(Transaction tx) {
    return handle(tx)
        .createQuery("SELECT " + COLUMNS + " FROM compute_flavor ORDER BY memory_mb, id")
        .map(FLAVOR)
        .list();
  }

  @Override
  public void saveExtraSpecs(Transaction tx, FlavorSpec flavor) {
    handle(tx)
        .execute(
            "UPDATE compute_flavor SET extra_specs = ? WHERE id = ?",
            write(flavor.extraSpecs()),
            flavor.flavor().id().value());
  }

  @Override
  public List<String> accessProjects(Transaction tx, FlavorId id) {
    return handle(tx)
        .createQuery(
            "SELECT project_id FROM compute_flavor_access WHERE flavor_id = ? ORDER BY project_id")
        .bind(0, id.value())
        .mapTo(String.class)
        .list();
  }

  @Override
  public boolean addAccess(Transaction tx, FlavorId id, String projectId) {
    return handle(tx)
            .execute(
                "INSERT INTO compute_flavor_access (flavor_id, project_id) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING",
                id.value(),
                projectId)
        > 0;
  }

  @Override
  public boolean removeAccess(Transaction tx, FlavorId id, String projectId) {
    return handle(tx)
            .execute(
                "DELETE FROM compute_flavor_access WHERE flavor_id = ? AND project_id = ?",
                id.value(),
                projectId)
        > 0;
  }

  private static String write(Map<String, String> specs) {
    try {
      return JSON.writeValueAsString(specs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("extra specs are not serializable", e);
    }
  }

  private static Map<String, String> read(String json) {
    try {
      return JSON.readValue(json, SPECS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored extra specs are not a JSON object: " + json, e);
    }
  }
}
