package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import io.faultline.compute.GroupPolicy;
import io.faultline.compute.InstanceId;
import io.faultline.compute.ServerGroup;
import io.faultline.compute.ServerGroupStore;
import io.faultline.compute.VmState;
import io.faultline.tx.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Server groups in {@code compute_server_group}, members in {@code compute_server_group_member}.
 */
public final class JdbiServerGroupStore implements ServerGroupStore {
  private static final String COLUMNS = "id, name, policy, project_id, user_id, created_at";

  /** A group's row, before its members are read. */
  private record Row(
      String id, String name, GroupPolicy policy, String projectId, String userId, Instant at) {
    ServerGroup with(List<InstanceId> members) {
      return new ServerGroup(id, name, policy, projectId, userId, at, members);
    }
  }

  private static final RowMapper<Row> ROW =
      (rs, ctx) -> {
        String id = rs.getString("id");
        String policy = rs.getString("policy");
        return new Row(
            id,
            rs.getString("name"),
            GroupPolicy.fromWire(policy)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "server group " + id + " has an unknown policy " + policy)),
            rs.getString("project_id"),
            rs.getString("user_id"),
            ComputeRows.instant(rs, "created_at"));
      };

  @Override
  public void insert(Transaction tx, ServerGroup group) {
    handle(tx)
        .execute(
            "INSERT INTO compute_server_group (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
            group.id(),
            group.name(),
            group.policy().wireName(),
            group.projectId(),
            group.userId(),
            Timestamps.toDatabase(group.createdAt()));
  }

  @Override
  public Optional<ServerGroup> find(Transaction tx, String id) {
    return select(tx, id, "");
  }

  @Override
  public Optional<ServerGroup> lock(Transaction tx, String id) {
    return select(tx, id, " FOR UPDATE");
  }

  private Optional<ServerGroup> select(Transaction tx, String id, String lock) {
    Handle handle = handle(tx);
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM compute_server_group WHERE id = ?" + lock)
        .bind(0, id)
        .map(ROW)
        .findOne()
        .map(row -> withMembers(handle, List.of(row)).get(0));
  }

  @Override
  public List<ServerGroup> list(Transaction tx, Optional<String> projectId, int offset, int limit) {
    Handle handle = handle(tx);
    List<Row> rows =
        handle
            .createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM compute_server_group"
                    + (projectId.isPresent() ? " WHERE project_id = :project" : "")
                    + " ORDER BY seq LIMIT :limit OFFSET :offset")
            .bind("project", projectId.orElse(""))
            .bind("limit", limit)
            .bind("offset", offset)
            .map(ROW)
            .list();
    return withMembers(handle, rows);
  }

  /** The groups with their members, read in one query. */
  private static List<ServerGroup> withMembers(Handle handle, List<Row> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<InstanceId>> members = new LinkedHashMap<>();
    rows.forEach(row -> members.put(row.id(), new ArrayList<>()));
    handle
        .createQuery(
            "SELECT group_id, instance_id FROM compute_server_group_member"
                + " WHERE group_id IN (<groups>) ORDER BY seq")
        .bindList("groups", List.copyOf(members.keySet()))
        .map((rs, ctx) -> Map.entry(rs.getString("group_id"), rs.getString("instance_id")))
        .forEach(m -> members.get(m.getKey()).add(new InstanceId(m.getValue())));
    return rows.stream().map(row -> row.with(members.get(row.id()))).toList();
  }

  @Override
  public int count(Transaction tx, String projectId) {
    return handle(tx)
        .createQuery("SELECT COUNT(*) FROM compute_server_group WHERE project_id = ?")
        .bind(0, projectId)
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public boolean delete(Transaction tx, String id) {
    Handle handle = handle(tx);
    handle.execute("DELETE FROM compute_server_group_member WHERE group_id = ?", id);
    return handle.execute("DELETE FROM compute_server_group WHERE id = ?", id) > 0;
  }

  @Override
  public void addMember(Transaction tx, String groupId, InstanceId instance) {
    handle(tx)
        .execute(
            "INSERT INTO compute_server_group_member (instance_id, group_id) VALUES (?, ?)",
            instance.value(),
            groupId);
  }

  @Override
  public void removeMember(Transaction tx, InstanceId instance) {
    handle(tx)
        .execute("DELETE FROM compute_server_group_member WHERE instance_id = ?", instance.value());
  }

  @Override
  public Optional<String> groupIdOf(Transaction tx, InstanceId instance) {
    return handle(tx)
        .createQuery("SELECT group_id FROM compute_server_group_member WHERE instance_id = ?")
        .bind(0, instance.value())
        .mapTo(String.class)
        .findOne();
  }

  @Override
  public Map<String, Integer> memberHosts(
      Transaction tx, String groupId, Optional<InstanceId> except) {
    Map<String, Integer> hosts = new LinkedHashMap<>();
    handle(tx)
        .createQuery(
            "SELECT i.host, COUNT(*) AS members FROM compute_server_group_member m"
                + " JOIN compute_instance i ON i.id = m.instance_id"
                + " WHERE m.group_id = :group AND m.instance_id <> :except"
                + " AND i.vm_state <> :deleted GROUP BY i.host ORDER BY i.host")
        .bind("group", groupId)
        .bind("except", except.map(InstanceId::value).orElse(""))
        .bind("deleted", VmState.DELETED.name())
        .map((rs, ctx) -> Map.entry(rs.getString("host"), rs.getInt("members")))
        .forEach(entry -> hosts.put(entry.getKey(), entry.getValue()));
    return hosts;
  }
}
