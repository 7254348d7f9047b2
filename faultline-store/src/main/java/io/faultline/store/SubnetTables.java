package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.network.AllocationPool;
import io.faultline.network.NetworkId;
import io.faultline.network.PortId;
import io.faultline.network.Subnet;
import io.faultline.network.SubnetId;
import io.faultline.tx.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Subnets and IP allocations for {@link JdbiNetworkStore}. Pools and name servers are JSON: they
 * are only ever read and written with their subnet.
 */
final class SubnetTables {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, String>>> POOLS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, network_id, project_id, name, description, cidr, gateway_ip, allocation_pools,"
          + " enable_dhcp, dns_nameservers, revision_number, created_at, updated_at";
  private static final RowMapper<Subnet> SUBNET = (rs, ctx) -> subnet(rs);

  private SubnetTables() {}

  static void insert(Transaction tx, Subnet subnet) {
    handle(tx)
        .execute(
            "INSERT INTO network_subnet ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            subnet.id().value(),
            subnet.networkId().value(),
            subnet.projectId(),
            subnet.name(),
            subnet.description(),
            subnet.cidr(),
            subnet.gatewayIp().orElse(null),
            write(pools(subnet)),
            subnet.enableDhcp(),
            write(subnet.dnsNameservers()),
            subnet.revisionNumber(),
            Timestamps.toDatabase(subnet.createdAt()),
            Timestamps.toDatabase(subnet.updatedAt()));
  }

  static void update(Transaction tx, Subnet subnet) {
    handle(tx)
        .execute(
            "UPDATE network_subnet SET name = ?, description = ?, gateway_ip = ?,"
                + " allocation_pools = ?, enable_dhcp = ?, dns_nameservers = ?,"
                + " revision_number = ?, updated_at = ? WHERE id = ?",
            subnet.name(),
            subnet.description(),
            subnet.gatewayIp().orElse(null),
            write(pools(subnet)),
            subnet.enableDhcp(),
            write(subnet.dnsNameservers()),
            subnet.revisionNumber(),
            Timestamps.toDatabase(subnet.updatedAt()),
            subnet.id().value());
  }

  static void delete(Transaction tx, SubnetId id) {
    handle(tx).execute("DELETE FROM network_subnet WHERE id = ?", id.value());
  }

  static void deleteOfNetwork(Transaction tx, NetworkId id) {
    handle(tx).execute("DELETE FROM network_subnet WHERE network_id = ?", id.value());
  }

  static Optional<Subnet> find(Transaction tx, SubnetId id, boolean lock) {
    return handle(tx)
        .createQuery(
            "SELECT " + COLUMNS + " FROM network_subnet WHERE id = ?" + (lock ? " FOR UPDATE" : ""))
        .bind(0, id.value())
        .map(SUBNET)
        .findOne();
  }

  static List<Subnet> list(Transaction tx, Optional<NetworkId> network) {
    return handle(tx)
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM network_subnet WHERE (:network IS NULL OR network_id = :network)"
                + " ORDER BY created_at, id")
        .bind("network", network.map(NetworkId::value).orElse(null))
        .map(SUBNET)
        .list();
  }

  static Set<String> allocated(Transaction tx, SubnetId id) {
    return new HashSet<>(
        handle(tx)
            .createQuery("SELECT ip_address FROM network_ip_allocation WHERE subnet_id = ?")
            .bind(0, id.value())
            .mapTo(String.class)
            .list());
  }

  static void allocate(Transaction tx, SubnetId subnet, String address, PortId port) {
    handle(tx)
        .execute(
            "INSERT INTO network_ip_allocation (subnet_id, ip_address, port_id) VALUES (?, ?, ?)",
            subnet.value(),
            address,
            port.value());
  }

  static void releasePorts(Transaction tx, List<String> portIds) {
    handle(tx)
        .createUpdate("DELETE FROM network_ip_allocation WHERE port_id IN (<ids>)")
        .bindList("ids", portIds)
        .execute();
  }

  private static List<Map<String, String>> pools(Subnet subnet) {
    return subnet.allocationPools().stream()
        .map(pool -> Map.of("start", pool.start(), "end", pool.end()))
        .toList();
  }

  private static Subnet subnet(ResultSet rs) throws SQLException {
    List<AllocationPool> pools =
        read(rs.getString("allocation_pools"), POOLS).stream()
            .map(pool -> new AllocationPool(pool.get("start"), pool.get("end")))
            .toList();
    return new Subnet(
        new SubnetId(rs.getString("id")),
        new NetworkId(rs.getString("network_id")),
        rs.getString("project_id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("cidr"),
        Optional.ofNullable(rs.getString("gateway_ip")),
        pools,
        rs.getBoolean("enable_dhcp"),
        read(rs.getString("dns_nameservers"), STRINGS),
        rs.getLong("revision_number"),
        Timestamps.fromDatabase(rs.getObject("created_at", OffsetDateTime.class)),
        Timestamps.fromDatabase(rs.getObject("updated_at", OffsetDateTime.class)));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not serializable: " + value, e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored subnet column is not valid JSON: " + json, e);
    }
  }
}
