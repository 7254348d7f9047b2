package io.faultline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.cause.FaultId;
import io.faultline.cluster.NodeId;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultNotOwned;
import io.faultline.doctor.FaultQuery;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultStatus;
import io.faultline.doctor.FaultStore;
import io.faultline.doctor.FaultTimeline.AffectedKind;
import io.faultline.doctor.FaultType;
import io.faultline.doctor.FenceAttempt;
import io.faultline.error.FaultlineException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Faults and their timelines; stamps and affected resources are JSON columns. */
public final class JdbiFaultStore implements FaultStore {
  private static final TypeReference<Map<String, String>> STAMPS = new TypeReference<>() {};
  private static final TypeReference<Map<String, List<String>>> AFFECTED = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> ATTEMPTS = new TypeReference<>() {};

  /**
   * The writer still owns the fault: at the epoch it holds it at and, in a cluster, as the node the
   * record names (a single process owns every fault).
   */
  private static final String OWNED = "owner_epoch = :epoch AND (:owner = '' OR node_id = :owner)";

  private final Jdbi jdbi;
  private final Optional<NodeId> node;
  private final ObjectMapper json = new ObjectMapper();

  /** The faults of one process alone: every unfinished fault is its own to resume. */
  public JdbiFaultStore(Database database) {
    this(database, Optional.empty());
  }

  /**
   * The faults of one node of a cluster: a fault it saves is its own, and it resumes only its own;
   * a dead node's unfinished faults are adopted by a survivor.
   */
  public JdbiFaultStore(Database database, Optional<NodeId> node) {
    this.jdbi = database.jdbi();
    this.node = node;
  }

  @Override
  public void save(Fault fault) {
    jdbi.useTransaction(
        handle -> {
          int updated =
              handle
                  .createUpdate(
                      "UPDATE fault SET type = :type, hostname = :hostname, port_id = :portId,"
                          + " monitor = :monitor, monitor_event_id = :monitorEventId,"
                          + " status = :status, message = :message,"
                          + " reports = GREATEST(reports, :reports), received_at = :receivedAt,"
                          + " stamps = :stamps, affected = :affected, node_id = :node"
                          + " WHERE id = :id AND "
                          + OWNED)
                  .bindMap(columns(fault))
                  .bind("owner", owner())
                  .execute();
          if (updated == 0) {
            Optional<String> holder = holder(handle, fault.id());
            if (holder.isPresent()) {
              throw notOwned(fault.id(), fault.epoch(), holder.get(), "save");
            }
            insert(handle, fault);
          }
        });
  }

  @Override
  public List<FenceAttempt> recordFenceAttempt(FaultId id, long epoch, Instant at) {
    return jdbi.inTransaction(
        handle -> {
          // Locked as it is read, so the attempt is appended to the latest list, and an adoption
          // waits for it (or it for the adoption, and is then refused).
          Optional<String> recorded =
              handle
                  .createQuery(
                      "SELECT fence_attempts FROM fault WHERE id = :id AND "
                          + OWNED
                          + " FOR UPDATE")
                  .bind("id", id.value())
                  .bind("epoch", epoch)
                  .bind("owner", owner())
                  .mapTo(String.class)
                  .findOne();
          if (recorded.isEmpty()) {
            throw notOwned(
                id, epoch, holder(handle, id).orElse("no such fault in the store"), "fence");
          }
          List<FenceAttempt> attempts = new java.util.ArrayList<>(attempts(recorded.get()));
          attempts.add(new FenceAttempt(node.map(NodeId::value), at, !attempts.isEmpty()));
          handle
              .createUpdate("UPDATE fault SET fence_attempts = :attempts WHERE id = :id")
              .bind("id", id.value())
              .bind("attempts", write(attemptRows(attempts)))
              .execute();
          return List.copyOf(attempts);
        });
  }

  private String owner() {
    return node.map(NodeId::value).orElse("");
  }

  /** Who owns the fault now, as a log message says it; empty when the store has no such fault. */
  private static Optional<String> holder(Handle handle, FaultId id) {
    return handle
        .select("SELECT node_id, owner_epoch FROM fault WHERE id = ?", id.value())
        .map(
            (rs, ctx) ->
                "node " + rs.getString("node_id") + " at epoch " + rs.getLong("owner_epoch"))
        .findOne();
  }

  private FaultNotOwned notOwned(FaultId id, long epoch, String holder, String what) {
    return new FaultNotOwned(
        id,
        what
            + " of fault "
            + id
            + " refused: node "
            + node.map(NodeId::value).orElse("(single process)")
            + " held it at epoch "
            + epoch
            + ", the store has "
            + holder);
  }

  @Override
  public Optional<Fault> add(
      FaultId id, Map<FaultStage, Instant> stamps, Map<AffectedKind, List<String>> affected) {
    return jdbi.inTransaction(
        handle -> {
          // Locked as it is read, so two nodes adding at once both keep their stamps.
          Optional<Fault> current =
              handle
                  .select("SELECT * FROM fault WHERE id = ? FOR UPDATE", id.value())
                  .map((rs, ctx) -> additions(rs))
                  .findOne();
          if (current.isEmpty()) {
            return current;
          }
          Fault additions = current.get().withAdded(stamps, affected);
          handle
              .createUpdate(
                  "UPDATE fault SET added_stamps = :stamps, added_affected = :affected"
                      + " WHERE id = :id")
              .bind("id", id.value())
              .bind("stamps", write(stamps(additions)))
              .bind("affected", write(affected(additions)))
              .execute();
          return find(handle, id.value());
        });
  }

  @Override
  public Opening open(String subject, Fault candidate) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(handle -> open(handle, subject, candidate));
      } catch (RuntimeException e) {
        // Two processes that both found no episode raced to insert it; the loser decides again,
        // and now finds the winner's.
        if (attempt >= 5 || !isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  private Opening open(Handle handle, String subject, Fault candidate) {
    Optional<String> latest =
        handle
            .select("SELECT fault_id FROM fault_episode WHERE subject = ? FOR UPDATE", subject)
            .mapTo(String.class)
            .findOne();
    if (latest.isPresent()) {
      // Locked as it is read: a node ending this fault writes its final status through (a fault
      // that ended never reads as open here), and its write waits for this decision, or this
      // decision for its write, so a report never merges into a fault ending meanwhile.
      Optional<Fault> current =
          handle
              .select("SELECT * FROM fault WHERE id = ? FOR UPDATE", latest.get())
              .map((rs, ctx) -> fault(rs))
              .findOne();
      if (current.isPresent()
          && current.get().type() == candidate.type()
          && current.get().status().mergesRepeats()) {
        handle.execute("UPDATE fault SET reports = reports + 1 WHERE id = ?", latest.get());
        return new Opening(find(handle, latest.get()).orElseThrow(), true);
      }
      handle.execute(
          "UPDATE fault_episode SET fault_id = ? WHERE subject = ?",
          candidate.id().value(),
          subject);
    } else {
      handle.execute(
          "INSERT INTO fault_episode (subject, fault_id) VALUES (?, ?)",
          subject,
          candidate.id().value());
    }
    insert(handle, candidate);
    return new Opening(candidate, false);
  }

  @Override
  public void resumeEpisode(String subject, FaultId id) {
    try {
      jdbi.useHandle(
          handle ->
              handle.execute(
                  "INSERT INTO fault_episode (subject, fault_id) SELECT ?, ? WHERE NOT EXISTS"
                      + " (SELECT 1 FROM fault_episode WHERE subject = ?)",
                  subject,
                  id.value(),
                  subject));
    } catch (RuntimeException e) {
      if (!isUniqueViolation(e)) {
        throw e; // else another process made its own report the latest meanwhile: that one stands
      }
    }
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private void insert(Handle handle, Fault fault) {
    handle
        .createUpdate(
            "INSERT INTO fault (id, type, hostname, port_id, monitor, monitor_event_id, status,"
                + " message, reports, received_at, stamps, affected, node_id, owner_epoch)"
                + " VALUES (:id, :type, :hostname, :portId, :monitor, :monitorEventId, :status,"
                + " :message, :reports, :receivedAt, :stamps, :affected, :node, :epoch)")
        .bindMap(columns(fault))
        .execute();
  }

  private Map<String, Object> columns(Fault fault) {
    Map<String, Object> columns = new java.util.HashMap<>();
    columns.put("id", fault.id().value());
    columns.put("type", fault.type().wireName());
    columns.put("hostname", fault.hostname());
    columns.put("portId", fault.portId().orElse(null));
    columns.put("monitor", fault.monitor());
    columns.put("monitorEventId", fault.monitorEventId().orElse(null));
    columns.put("status", fault.status().name());
    columns.put("message", fault.message().orElse(null));
    columns.put("reports", fault.reports());
    columns.put(
        "receivedAt",
        Timestamps.toDatabase(fault.stamp(FaultStage.RECEIVED).orElse(Instant.EPOCH)));
    columns.put("stamps", write(stamps(fault)));
    columns.put("affected", write(affected(fault)));
    columns.put("node", node.map(NodeId::value).orElse(null));
    columns.put("epoch", fault.epoch());
    return columns;
  }

  private Optional<Fault> find(Handle handle, String id) {
    return handle
        .select("SELECT * FROM fault WHERE id = ?", id)
        .map((rs, ctx) -> fault(rs))
        .findOne();
  }

  @Override
  public Optional<Fault> find(FaultId id) {
    return jdbi.withHandle(
        handle ->
            handle
                .select("SELECT * FROM fault WHERE id = ?", id.value())
                .map((rs, ctx) -> fault(rs))
                .findOne());
  }

  @Override
  public List<Fault> recent(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM fault ORDER BY received_at DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> fault(rs))
                .list());
  }

  @Override
  public List<Fault> list(FaultQuery query) {
    return jdbi.withHandle(
        handle -> {
          StringBuilder sql = new StringBuilder("SELECT * FROM fault WHERE 1 = 1");
          Map<String, Object> binds = new java.util.HashMap<>();
          query
              .host()
              .ifPresent(
                  host -> {
                    sql.append(" AND hostname = :host");
                    binds.put("host", host);
                  });
          query
              .type()
              .ifPresent(
                  type -> {
                    sql.append(" AND type = :type");
                    binds.put("type", type.wireName());
                  });
          query
              .status()
              .ifPresent(
                  status -> {
                    sql.append(" AND status = :status");
                    binds.put("status", status.name());
                  });
          query
              .since()
              .ifPresent(
                  since -> {
                    sql.append(" AND received_at >= :since");
                    binds.put("since", Timestamps.toDatabase(since));
                  });
          if (query.marker().isPresent()) {
            String marker = query.marker().get().value();
            OffsetDateTime markerReceived =
                handle
                    .select("SELECT received_at FROM fault WHERE id = ?", marker)
                    .mapTo(OffsetDateTime.class)
                    .findOne()
                    .orElseThrow(
                        () -> FaultlineException.badRequest("marker [" + marker + "] not found"));
            sql.append(
                " AND (received_at < :markerAt OR (received_at = :markerAt AND id < :markerId))");
            binds.put("markerAt", markerReceived);
            binds.put("markerId", marker);
          }
          sql.append(" ORDER BY received_at DESC, id DESC LIMIT :limit");
          binds.put("limit", query.limit());
          return handle
              .createQuery(sql.toString())
              .bindMap(binds)
              .map((rs, ctx) -> fault(rs))
              .list();
        });
  }

  @Override
  public int purgeFinishedBefore(Instant cutoff, int batch) {
    return jdbi.inTransaction(
        handle -> {
          int deleted =
              handle
                  .createUpdate(
                      "DELETE FROM fault WHERE id IN (SELECT id FROM fault WHERE received_at <"
                          + " :cutoff AND status IN (<statuses>) ORDER BY received_at LIMIT :batch)")
                  .bind("cutoff", Timestamps.toDatabase(cutoff))
                  .bindList(
                      "statuses",
                      java.util.Arrays.stream(FaultStatus.values())
                          .filter(FaultStatus::isFinal)
                          .map(FaultStatus::name)
                          .toList())
                  .bind("batch", batch)
                  .execute();
          if (deleted > 0) {
            // An episode whose fault is gone is over: the next report opens a new one.
            handle.execute(
                "DELETE FROM fault_episode WHERE NOT EXISTS"
                    + " (SELECT 1 FROM fault WHERE fault.id = fault_episode.fault_id)");
          }
          return deleted;
        });
  }

  @Override
  public List<Fault> unfinished() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM fault WHERE status IN (<statuses>)"
                        + " AND (:node = '' OR node_id = :node)"
                        + " ORDER BY received_at")
                .bind("node", node.map(NodeId::value).orElse(""))
                .bindList(
                    "statuses",
                    java.util.Arrays.stream(FaultStatus.values())
                        .filter(status -> !status.isFinal())
                        .map(FaultStatus::name)
                        .toList())
                .map((rs, ctx) -> fault(rs))
                .list());
  }

  private static Map<String, String> stamps(Fault fault) {
    Map<String, String> stamps = new java.util.LinkedHashMap<>();
    fault.stamps().forEach((stage, instant) -> stamps.put(stage.name(), instant.toString()));
    return stamps;
  }

  private static Map<String, List<String>> affected(Fault fault) {
    Map<String, List<String>> affected = new java.util.LinkedHashMap<>();
    fault.affected().forEach((kind, ids) -> affected.put(kind.name(), ids));
    return affected;
  }

  /**
   * The fault as every node recorded it: its holder's save with what other nodes added, its fence
   * attempts and the epoch it is owned at.
   */
  private Fault fault(ResultSet rs) throws SQLException {
    Fault additions = additions(rs);
    Fault saved = fault(rs, "stamps", "affected");
    return new Fault(
            saved.id(),
            saved.type(),
            saved.hostname(),
            saved.portId(),
            saved.monitor(),
            saved.monitorEventId(),
            saved.status(),
            saved.message(),
            saved.reports(),
            saved.stamps(),
            saved.affected(),
            attempts(rs.getString("fence_attempts")),
            rs.getLong("owner_epoch"))
        .withAdded(additions.stamps(), additions.affected());
  }

  private List<FenceAttempt> attempts(String text) {
    return read(text, ATTEMPTS).stream()
        .map(
            row ->
                new FenceAttempt(
                    Optional.ofNullable((String) row.get("node")),
                    Instant.parse((String) row.get("at")),
                    Boolean.TRUE.equals(row.get("repeat"))))
        .toList();
  }

  private static List<Map<String, Object>> attemptRows(List<FenceAttempt> attempts) {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (FenceAttempt attempt : attempts) {
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("node", attempt.node().orElse(null));
      row.put("at", attempt.at().toString());
      row.put("repeat", attempt.repeat());
      rows.add(row);
    }
    return rows;
  }

  /** What nodes that do not hold the fault added to it, as a fault of those stamps alone. */
  private Fault additions(ResultSet rs) throws SQLException {
    return fault(rs, "added_stamps", "added_affected");
  }

  private Fault fault(ResultSet rs, String stampsColumn, String affectedColumn)
      throws SQLException {
    Map<FaultStage, Instant> stamps = new EnumMap<>(FaultStage.class);
    read(rs.getString(stampsColumn), STAMPS)
        .forEach((stage, instant) -> stamps.put(FaultStage.valueOf(stage), Instant.parse(instant)));
    Map<AffectedKind, List<String>> affected = new EnumMap<>(AffectedKind.class);
    read(rs.getString(affectedColumn), AFFECTED)
        .forEach((kind, ids) -> affected.put(AffectedKind.valueOf(kind), ids));
    return new Fault(
        new FaultId(rs.getString("id")),
        FaultType.fromWire(rs.getString("type")),
        rs.getString("hostname"),
        Optional.ofNullable(rs.getString("port_id")),
        rs.getString("monitor"),
        Optional.ofNullable(rs.getString("monitor_event_id")),
        FaultStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        Optional.ofNullable(rs.getString("message")),
        rs.getInt("reports"),
        stamps,
        affected);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fault is not serializable", e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fault row holds malformed JSON", e);
    }
  }
}
