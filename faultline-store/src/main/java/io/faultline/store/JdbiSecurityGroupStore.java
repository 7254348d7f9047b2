package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import io.faultline.network.PortId;
import io.faultline.network.SecurityGroup;
import io.faultline.network.SecurityGroupId;
import io.faultline.network.SecurityGroupRule;
import io.faultline.network.SecurityGroupRule.Direction;
import io.faultline.network.SecurityGroupRule.Ethertype;
import io.faultline.network.SecurityGroupStore;
import io.faultline.tx.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Security groups and their rules; a group is read with its rules, oldest first. */
public final class JdbiSecurityGroupStore implements SecurityGroupStore {
  private static final String GROUP_COLUMNS =
      "id, project_id, name, description, revision_number, created_at, updated_at";
  private static final String RULE_COLUMNS =
      "id, security_group_id, project_id, direction, ethertype, protocol, port_range_min,"
          + " port_range_max, remote_ip_prefix, remote_group_id, description, revision_number,"
          + " created_at, updated_at";
  private static final RowMapper<SecurityGroup> GROUP = (rs, ctx) -> group(rs, List.of());
  private static final RowMapper<SecurityGroupRule> RULE = (rs, ctx) -> rule(rs);

  @Override
  public void insertGroup(Transaction tx, SecurityGroup group) {
    handle(tx)
        .execute(
            "INSERT INTO network_security_group ("
                + GROUP_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
            group.id().value(),
            group.projectId(),
            group.name(),
            group.description(),
            group.revisionNumber(),
            Timestamps.toDatabase(group.createdAt()),
            Timestamps.toDatabase(group.updatedAt()));
    insertRules(tx, group.rules());
  }

  @Override
  public void insertDefault(Transaction tx, String projectId, SecurityGroupId id) {
    handle(tx)
        .execute(
            "INSERT INTO network_default_security_group (project_id, security_group_id)"
                + " VALUES (?, ?)",
            projectId,
            id.value());
  }

  @Override
  public Optional<SecurityGroupId> findDefault(Transaction tx, String projectId) {
    return handle(tx)
        .createQuery(
            "SELECT security_group_id FROM network_default_security_group WHERE project_id = ?")
        .bind(0, projectId)
        .mapTo(String.class)
        .findOne()
        .map(SecurityGroupId::new);
  }

  @Override
  public void updateGroup(Transaction tx, SecurityGroup group) {
    handle(tx)
        .execute(
            "UPDATE network_security_group SET name = ?, description = ?, revision_number = ?,"
                + " updated_at = ? WHERE id = ?",
            group.name(),
            group.description(),
            group.revisionNumber(),
            Timestamps.toDatabase(group.updatedAt()),
            group.id().value());
  }

  @Override
  public void deleteGroup(Transaction tx, SecurityGroupId id) {
    handle(tx)
        .execute(
            "DELETE FROM network_security_group_rule WHERE security_group_id = ?"
                + " OR remote_group_id = ?",
            id.value(),
            id.value());
    handle(tx)
        .execute(
            "DELETE FROM network_default_security_group WHERE security_group_id = ?", id.value());
    handle(tx).execute("DELETE FROM network_security_group WHERE id = ?", id.value());
  }

  @Override
  public Optional<SecurityGroup> findGroup(Transaction tx, SecurityGroupId id, boolean lock) {
    Optional<SecurityGroup> group =
        handle(tx)
            .createQuery(
                "SELECT "
                    + GROUP_COLUMNS
                    + " FROM network_security_group WHERE id = ?"
                    + (lock ? " FOR UPDATE" : ""))
            .bind(0, id.value())
            .map(GROUP)
            .findOne();
    return group.map(
        found ->
            withRules(
                found,
                handle(tx)
                    .createQuery(
                        "SELECT "
                            + RULE_COLUMNS
                            + " FROM network_security_group_rule WHERE security_group_id = ?"
                            + " ORDER BY created_at, id")
                    .bind(0, id.value())
                    .map(RULE)
                    .list()));
  }

  @Override
  public List<SecurityGroup> listGroups(Transaction tx, Optional<String> projectId) {
    String project = projectId.orElse(null);
    Map<String, SecurityGroup> groups = new LinkedHashMap<>();
    handle(tx)
        .createQuery(
            "SELECT "
                + GROUP_COLUMNS
                + " FROM network_security_group WHERE (:project IS NULL OR project_id = :project)"
                + " ORDER BY created_at, id")
        .bind("project", project)
        .map(GROUP)
        .forEach(group -> groups.put(group.id().value(), group));
    Map<String, List<SecurityGroupRule>> rules = new LinkedHashMap<>();
    handle(tx)
        .createQuery(
            "SELECT "
                + RULE_COLUMNS
                + " FROM network_security_group_rule"
                + " WHERE (:project IS NULL OR project_id = :project) ORDER BY created_at, id")
        .bind("project", project)
        .map(RULE)
        .forEach(
            rule ->
                rules
                    .computeIfAbsent(rule.securityGroupId().value(), id -> new ArrayList<>())
                    .add(rule));
    return groups.values().stream()
        .map(group -> withRules(group, rules.getOrDefault(group.id().value(), List.of())))
        .toList();
  }

  @Override
  public int countGroups(Transaction tx, String projectId) {
    return handle(tx)
        .createQuery("SELECT COUNT(*) FROM network_security_group WHERE project_id = ?")
        .bind(0, projectId)
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public void insertRule(Transaction tx, SecurityGroupRule rule) {
    insertRules(tx, List.of(rule));
  }

  private static void insertRules(Transaction tx, List<SecurityGroupRule> rules) {
    if (rules.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO network_security_group_rule ("
                    + RULE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (SecurityGroupRule rule : rules) {
      batch
          .bind(0, rule.id())
          .bind(1, rule.securityGroupId().value())
          .bind(2, rule.projectId())
          .bind(3, rule.direction().name())
          .bind(4, rule.ethertype().name())
          .bind(5, rule.protocol().orElse(null))
          .bind(6, rule.portRangeMin().orElse(null))
          .bind(7, rule.portRangeMax().orElse(null))
          .bind(8, rule.remoteIpPrefix().orElse(null))
          .bind(9, rule.remoteGroupId().map(SecurityGroupId::value).orElse(null))
          .bind(10, rule.description())
          .bind(11, rule.revisionNumber())
          .bind(12, Timestamps.toDatabase(rule.createdAt()))
          .bind(13, Timestamps.toDatabase(rule.updatedAt()))
          .add();
    }
    batch.execute();
  }

  @Override
  public void deleteRule(Transaction tx, String id) {
    handle(tx).execute("DELETE FROM network_security_group_rule WHERE id = ?", id);
  }

  @Override
  public Optional<SecurityGroupRule> findRule(Transaction tx, String id) {
    return handle(tx)
        .createQuery("SELECT " + RULE_COLUMNS + " FROM network_security_group_rule WHERE id = ?")
        .bind(0, id)
        .map(RULE)
        .findOne();
  }

  @Override
  public int countRules(Transaction tx, String projectId) {
    return handle(tx)
        .createQuery("SELECT COUNT(*) FROM network_security_group_rule WHERE project_id = ?")
        .bind(0, projectId)
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public void setPortGroups(Transaction tx, PortId port, List<SecurityGroupId> groups) {
    handle(tx).execute("DELETE FROM network_port_security_group WHERE port_id = ?", port.value());
    if (groups.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO network_port_security_group (port_id, security_group_id)"
                    + " VALUES (?, ?)");
    for (SecurityGroupId group : groups) {
      batch.bind(0, port.value()).bind(1, group.value()).add();
    }
    batch.execute();
  }

  @Override
  public Map<PortId, List<SecurityGroupId>> portGroups(Transaction tx, List<PortId> ports) {
    return byPort(
        tx,
        "SELECT port_id, security_group_id AS item FROM network_port_security_group"
            + " WHERE port_id IN (<ports>) ORDER BY port_id, security_group_id",
        ports,
        SecurityGroupId::new);
  }

  @Override
  public Map<PortId, List<String>> portGroupNames(Transaction tx, List<PortId> ports) {
    return byPort(
        tx,
        "SELECT b.port_id, g.name AS item FROM network_port_security_group b"
            + " JOIN network_security_group g ON g.id = b.security_group_id"
            + " WHERE b.port_id IN (<ports>) ORDER BY b.port_id, g.name",
        ports,
        name -> name);
  }

  /** A query's {@code item} column for each of the ports, by its {@code port_id} column. */
  private static <T> Map<PortId, List<T>> byPort(
      Transaction tx, String sql, List<PortId> ports, Function<String, T> value) {
    Map<PortId, List<T>> values = new LinkedHashMap<>();
    if (ports.isEmpty()) {
      return values;
    }
    handle(tx)
        .createQuery(sql)
        .bindList("ports", ports.stream().map(PortId::value).toList())
        .map((rs, ctx) -> Map.entry(new PortId(rs.getString("port_id")), rs.getString("item")))
        .forEach(
            entry ->
                values
                    .computeIfAbsent(entry.getKey(), port -> new ArrayList<>())
                    .add(value.apply(entry.getValue())));
    return values;
  }

  @Override
  public boolean groupInUse(Transaction tx, SecurityGroupId id) {
    return handle(tx)
        .createQuery(
            "SELECT 1 FROM network_port_security_group WHERE security_group_id = ? FETCH FIRST 1"
                + " ROWS ONLY")
        .bind(0, id.value())
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  private static SecurityGroup withRules(SecurityGroup group, List<SecurityGroupRule> rules) {
    return new SecurityGroup(
        group.id(),
        group.projectId(),
        group.name(),
        group.description(),
        rules,
        group.revisionNumber(),
        group.createdAt(),
        group.updatedAt());
  }

  private static SecurityGroup group(ResultSet rs, List<SecurityGroupRule> rules)
      throws SQLException {
    return new SecurityGroup(
        new SecurityGroupId(rs.getString("id")),
        rs.getString("project_id"),
        rs.getString("name"),
        rs.getString("description"),
        rules,
        rs.getLong("revision_number"),
        Timestamps.fromDatabase(rs.getObject("created_at", OffsetDateTime.class)),
        Timestamps.fromDatabase(rs.getObject("updated_at", OffsetDateTime.class)));
  }

  private static SecurityGroupRule rule(ResultSet rs) throws SQLException {
    return new SecurityGroupRule(
        rs.getString("id"),
        new SecurityGroupId(rs.getString("security_group_id")),
        rs.getString("project_id"),
        Direction.valueOf(rs.getString("direction")),
        Ethertype.valueOf(rs.getString("ethertype")),
        Optional.ofNullable(rs.getString("protocol")),
        optionalInt(rs, "port_range_min"),
        optionalInt(rs, "port_range_max"),
        Optional.ofNullable(rs.getString("remote_ip_prefix")),
        Optional.ofNullable(rs.getString("remote_group_id")).map(SecurityGroupId::new),
        rs.getString("description"),
        rs.getLong("revision_number"),
        Timestamps.fromDatabase(rs.getObject("created_at", OffsetDateTime.class)),
        Timestamps.fromDatabase(rs.getObject("updated_at", OffsetDateTime.class)));
  }

  private static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
