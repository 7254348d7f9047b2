package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.network.DataPlaneStatus;
import io.faultline.network.FixedIp;
import io.faultline.network.Network;
import io.faultline.network.NetworkId;
import io.faultline.network.NetworkStore;
import io.faultline.network.Port;
import io.faultline.network.PortFilter;
import io.faultline.network.PortId;
import io.faultline.network.PortQuery;
import io.faultline.network.PortStatus;
import io.faultline.network.Subnet;
import io.faultline.network.SubnetId;
import io.faultline.tx.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Network and port tables; ports are indexed by binding host and by device. */
public final class JdbiNetworkStore implements NetworkStore {
  private static final TypeReference<List<Map<String, String>>> FIXED_IPS =
      new TypeReference<>() {};
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final RowMapper<Network> NETWORK =
      (rs, ctx) ->
          new Network(
              new NetworkId(rs.getString("id")),
              rs.getString("name"),
              rs.getString("description"),
              rs.getString("project_id"),
              rs.getBoolean("shared"),
              rs.getBoolean("admin_state_up"),
              rs.getString("status"),
              rs.getLong("revision_number"),
              Timestamps.fromDatabase(rs.getObject("created_at", OffsetDateTime.class)),
              Timestamps.fromDatabase(rs.getObject("updated_at", OffsetDateTime.class)));
  private static final RowMapper<Port> PORT = (rs, ctx) -> port(rs);
  private static final RowMapper<String> FIRST_COLUMN = (rs, ctx) -> rs.getString(1);

  private static final String UPDATE_PORT =
      "UPDATE network_port SET name = ?, description = ?, device_id = ?, device_owner = ?,"
          + " host_id = ?, fixed_ips = ?, admin_state_up = ?, status = ?, data_plane_status = ?,"
          + " revision_number = ?, updated_at = ? WHERE id = ?";

  @Override
  public void insertNetwork(Transaction tx, Network network) {
    handle(tx)
        .execute(
            "INSERT INTO network_network (id, name, description, project_id, shared,"
                + " admin_state_up, status, revision_number, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            network.id().value(),
            network.name(),
            network.description(),
            network.projectId(),
            network.shared(),
            network.adminStateUp(),
            network.status(),
            network.revisionNumber(),
            Timestamps.toDatabase(network.createdAt()),
            Timestamps.toDatabase(network.updatedAt()));
  }

  @Override
  public void updateNetwork(Transaction tx, Network network) {
    handle(tx)
        .execute(
            "UPDATE network_network SET name = ?, description = ?, shared = ?, admin_state_up = ?,"
                + " status = ?, revision_number = ?, updated_at = ? WHERE id = ?",
            network.name(),
            network.description(),
            network.shared(),
            network.adminStateUp(),
            network.status(),
            network.revisionNumber(),
            Timestamps.toDatabase(network.updatedAt()),
            network.id().value());
  }

  @Override
  public void deleteNetwork(Transaction tx, NetworkId id) {
    handle(tx).execute("DELETE FROM network_network WHERE id = ?", id.value());
  }

  @Override
  public Optional<Network> findNetwork(Transaction tx, NetworkId id) {
    return handle(tx)
        .select("SELECT * FROM network_network WHERE id = ?", id.value())
        .map(NETWORK)
        .findOne();
  }

  @Override
  public List<Network> listNetworks(Transaction tx) {
    return handle(tx)
        .select("SELECT * FROM network_network ORDER BY created_at, id")
        .map(NETWORK)
        .list();
  }

  @Override
  public boolean networkHasPorts(Transaction tx, NetworkId id) {
    return handle(tx)
        .select("SELECT id FROM network_port WHERE network_id = ? LIMIT 1", id.value())
        .map(FIRST_COLUMN)
        .findOne()
        .isPresent();
  }

  @Override
  public void insertPorts(Transaction tx, List<Port> ports) {
    if (ports.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO network_port (id, name, description, network_id, project_id,"
                    + " device_id, device_owner, host_id, mac_address, fixed_ips, admin_state_up,"
                    + " status, data_plane_status, revision_number, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (Port port : ports) {
      batch.add(
          port.id().value(),
          port.name(),
          port.description(),
          port.networkId().value(),
          port.projectId(),
          port.deviceId(),
          port.deviceOwner(),
          port.hostId(),
          port.macAddress(),
          writeFixedIps(port.fixedIps()),
          port.adminStateUp(),
          port.status().name(),
          port.dataPlaneStatus().map(Enum::name).orElse(null),
          port.revisionNumber(),
          Timestamps.toDatabase(port.createdAt()),
          Timestamps.toDatabase(port.updatedAt()));
    }
    batch.execute();
  }

  @Override
  public void updatePorts(Transaction tx, List<Port> ports) {
    if (ports.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle(tx).prepareBatch(UPDATE_PORT);
    for (Port port : ports) {
      batch.add(
          port.name(),
          port.description(),
          port.deviceId(),
          port.deviceOwner(),
          port.hostId(),
          writeFixedIps(port.fixedIps()),
          port.adminStateUp(),
          port.status().name(),
          port.dataPlaneStatus().map(Enum::name).orElse(null),
          port.revisionNumber(),
          Timestamps.toDatabase(port.updatedAt()),
          port.id().value());
    }
    batch.execute();
  }

  @Override
  public void deletePorts(Transaction tx, List<PortId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    SubnetTables.releasePorts(tx, ids.stream().map(PortId::value).toList());
    handle(tx)
        .createUpdate("DELETE FROM network_port_security_group WHERE port_id IN (<ids>)")
        .bindList("ids", ids.stream().map(PortId::value).toList())
        .execute();
    handle(tx)
        .createUpdate("DELETE FROM network_port WHERE id IN (<ids>)")
        .bindList("ids", ids.stream().map(PortId::value).toList())
        .execute();
  }

  @Override
  public Optional<Port> findPort(Transaction tx, PortId id) {
    return handle(tx)
        .select("SELECT * FROM network_port WHERE id = ?", id.value())
        .map(PORT)
        .findOne();
  }

  @Override
  public Optional<Port> findPortForUpdate(Transaction tx, PortId id) {
    return handle(tx)
        .select("SELECT * FROM network_port WHERE id = ? FOR UPDATE", id.value())
        .map(PORT)
        .findOne();
  }

  @Override
  public List<Port> listPorts(Transaction tx, PortQuery query) {
    StringBuilder sql = new StringBuilder("SELECT * FROM network_port WHERE 1 = 1");
    List<Object> arguments = new ArrayList<>();
    for (Map.Entry<PortFilter, Set<String>> filter : query.filters().entrySet()) {
      sql.append(" AND ").append(column(filter.getKey())).append(" IN (");
      sql.append(String.join(", ", Collections.nCopies(filter.getValue().size(), "?")));
      sql.append(')');
      arguments.addAll(filter.getValue());
    }
    sql.append(" ORDER BY created_at, id");
    return handle(tx).select(sql.toString(), arguments.toArray()).map(PORT).list();
  }

  @Override
  public List<Port> pagePorts(Transaction tx, PortQuery query, Optional<String> after, int count) {
    if (count <= 0) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT * FROM network_port WHERE 1 = 1");
    List<Object> arguments = new ArrayList<>();
    for (Map.Entry<PortFilter, Set<String>> filter : query.filters().entrySet()) {
      sql.append(" AND ").append(column(filter.getKey())).append(" IN (");
      sql.append(String.join(", ", Collections.nCopies(filter.getValue().size(), "?")));
      sql.append(')');
      arguments.addAll(filter.getValue());
    }
    if (after.isPresent()) {
      sql.append(" AND id > ?");
      arguments.add(after.get());
    }
    sql.append(" ORDER BY id LIMIT ?");
    arguments.add(count);
    return handle(tx).select(sql.toString(), arguments.toArray()).map(PORT).list();
  }

  @Override
  public void saveDataPlaneStatuses(Transaction tx, List<Port> revised) {
    if (revised.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "UPDATE network_port SET data_plane_status = ?, revision_number = ?,"
                    + " updated_at = ? WHERE id = ?");
    for (Port port : revised) {
      batch.add(
          port.dataPlaneStatus().map(Enum::name).orElse(null),
          port.revisionNumber(),
          Timestamps.toDatabase(port.updatedAt()),
          port.id().value());
    }
    int[] counts = batch.execute();
    for (int i = 0; i < counts.length; i++) {
      // A driver may report SUCCESS_NO_INFO (-2) for a batched row; only 0 means missing.
      if (counts[i] == 0) {
        throw new IllegalStateException("port " + revised.get(i).id() + " was not there to update");
      }
    }
  }

  @Override
  public Map<String, Integer> dataPlaneDownByHost(Transaction tx, Optional<String> host) {
    Map<String, Integer> down = new java.util.HashMap<>();
    var query =
        handle(tx)
            .createQuery(
                "SELECT host_id, COUNT(*) AS n FROM network_port"
                    + " WHERE data_plane_status = :down AND host_id <> ''"
                    + (host.isPresent() ? " AND host_id = :host" : "")
                    + " GROUP BY host_id")
            .bind("down", DataPlaneStatus.DOWN.name());
    host.ifPresent(name -> query.bind("host", name));
    query.map((rs, ctx) -> down.put(rs.getString("host_id"), rs.getInt("n"))).forEach(unused -> {});
    return down;
  }

  @Override
  public List<Port> portsOnHostForUpdate(Transaction tx, String host) {
    return handle(tx)
        .select("SELECT * FROM network_port WHERE host_id = ? ORDER BY id FOR UPDATE", host)
        .map(PORT)
        .list();
  }

  private static String column(PortFilter filter) {
    return switch (filter) {
      case ID -> "id";
      case NAME -> "name";
      case NETWORK_ID -> "network_id";
      case PROJECT_ID -> "project_id";
      case DEVICE_ID -> "device_id";
      case DEVICE_OWNER -> "device_owner";
      case STATUS -> "status";
      // An empty value stands for "nothing reported" (SQL NULL).
      case DATA_PLANE_STATUS -> "COALESCE(data_plane_status, '')";
      case HOST_ID -> "host_id";
      case MAC_ADDRESS -> "mac_address";
    };
  }

  private static Port port(ResultSet rs) throws SQLException {
    return new Port(
        new PortId(rs.getString("id")),
        rs.getString("name"),
        rs.getString("description"),
        new NetworkId(rs.getString("network_id")),
        rs.getString("project_id"),
        rs.getString("device_id"),
        rs.getString("device_owner"),
        rs.getString("host_id"),
        rs.getString("mac_address"),
        readFixedIps(rs.getString("fixed_ips")),
        rs.getBoolean("admin_state_up"),
        PortStatus.valueOf(rs.getString("status")),
        Optional.ofNullable(rs.getString("data_plane_status")).map(DataPlaneStatus::valueOf),
        rs.getLong("revision_number"),
        Timestamps.fromDatabase(rs.getObject("created_at", OffsetDateTime.class)),
        Timestamps.fromDatabase(rs.getObject("updated_at", OffsetDateTime.class)));
  }

  private static String writeFixedIps(List<FixedIp> fixedIps) {
    if (fixedIps.isEmpty()) {
      return "[]";
    }
    List<Map<String, String>> list = new ArrayList<>();
    for (FixedIp fixedIp : fixedIps) {
      list.add(Map.of("subnet_id", fixedIp.subnetId(), "ip_address", fixedIp.ipAddress()));
    }
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fixed IPs are not serializable", e);
    }
  }

  private static List<FixedIp> readFixedIps(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    try {
      return JSON.readValue(json, FIXED_IPS).stream()
          .map(
              ip ->
                  new FixedIp(ip.getOrDefault("subnet_id", ""), ip.getOrDefault("ip_address", "")))
          .toList();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("network_port.fixed_ips is not a JSON array", e);
    }
  }

  @Override
  public void insertSubnet(Transaction tx, Subnet subnet) {
    SubnetTables.insert(tx, subnet);
  }

  @Override
  public void updateSubnet(Transaction tx, Subnet subnet) {
    SubnetTables.update(tx, subnet);
  }

  @Override
  public void deleteSubnet(Transaction tx, SubnetId id) {
    SubnetTables.delete(tx, id);
  }

  @Override
  public Optional<Subnet> findSubnet(Transaction tx, SubnetId id) {
    return SubnetTables.find(tx, id, false);
  }

  @Override
  public Optional<Subnet> findSubnetForUpdate(Transaction tx, SubnetId id) {
    return SubnetTables.find(tx, id, true);
  }

  @Override
  public List<Subnet> listSubnets(Transaction tx) {
    return SubnetTables.list(tx, Optional.empty());
  }

  @Override
  public List<Subnet> subnetsOfNetwork(Transaction tx, NetworkId id) {
    return SubnetTables.list(tx, Optional.of(id));
  }

  @Override
  public void deleteSubnetsOfNetwork(Transaction tx, NetworkId id) {
    SubnetTables.deleteOfNetwork(tx, id);
  }

  @Override
  public Set<String> allocatedAddresses(Transaction tx, SubnetId id) {
    return SubnetTables.allocated(tx, id);
  }

  @Override
  public void insertAllocation(Transaction tx, SubnetId subnet, String address, PortId port) {
    SubnetTables.allocate(tx, subnet, address, port);
  }

  @Override
  public void releaseAddresses(Transaction tx, PortId port) {
    SubnetTables.releasePorts(tx, List.of(port.value()));
  }
}
