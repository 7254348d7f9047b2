package io.faultline.store;

import static io.faultline.store.JdbiTransaction.handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmChange;
import io.faultline.alarm.AlarmDocument;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmStore;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.ChangeType;
import io.faultline.alarm.DeliveryQuery;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.TimeConstraint;
import io.faultline.alarm.ValueType;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryId;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.cause.FaultId;
import io.faultline.cluster.NodeId;
import io.faultline.tx.Transaction;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Alarms, alarm history and action deliveries. Rules and lists are stored as JSON text. */
public final class JdbiAlarmStore implements AlarmStore {
  private final Optional<NodeId> node;

  /** The alarms of one process alone: every pending delivery is its own to send. */
  public JdbiAlarmStore() {
    this(Optional.empty());
  }

  /**
   * The alarms of one node of a cluster: the deliveries it inserts are its own, and it resumes only
   * its own; a dead node's pending deliveries are adopted by a survivor.
   */
  public JdbiAlarmStore(Optional<NodeId> node) {
    this.node = node;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  // Readers resolved once: the index load reads five JSON columns for each of a million alarms.
  private static final ObjectReader STRINGS = JSON.readerFor(new TypeReference<List<String>>() {});
  private static final ObjectReader OBJECT =
      JSON.readerFor(new TypeReference<Map<String, Object>>() {});
  private static final ObjectReader OBJECTS =
      JSON.readerFor(new TypeReference<List<Map<String, Object>>>() {});

  private static final RowMapper<Alarm> ALARM = (rs, ctx) -> alarm(rs);
  private static final RowMapper<AlarmChange> CHANGE =
      (rs, ctx) ->
          new AlarmChange(
              rs.getString("event_id"),
              new AlarmId(rs.getString("alarm_id")),
              ChangeType.fromWire(rs.getString("change_type")),
              rs.getString("detail"),
              rs.getString("project_id"),
              rs.getString("user_id"),
              rs.getString("on_behalf_of"),
              Severity.valueOf(rs.getString("severity")),
              instant(rs, "changed_at"));
  private static final RowMapper<Delivery> DELIVERY =
      (rs, ctx) ->
          new Delivery(
              new DeliveryId(rs.getString("id")),
              new AlarmId(rs.getString("alarm_id")),
              rs.getString("project_id"),
              Severity.valueOf(rs.getString("severity")),
              rs.getString("action"),
              rs.getString("body"),
              Optional.ofNullable(rs.getString("fault_id")).map(FaultId::new),
              DeliveryStatus.valueOf(rs.getString("status")),
              rs.getInt("attempts"),
              instant(rs, "next_attempt_at"),
              rs.getString("last_error"),
              instant(rs, "created_at"));

  private static final String ALARM_COLUMNS =
      "id, name, description, kind, type_spelling, rule, enabled, state, state_reason, severity,"
          + " ok_actions, alarm_actions, insufficient_data_actions, repeat_actions,"
          + " time_constraints, project_id, user_id, resource_id, changed_at, state_changed_at";

  @Override
  public void insert(Transaction tx, Alarm alarm) {
    handle(tx)
        .execute(
            "INSERT INTO alarm ("
                + ALARM_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            alarmValues(alarm, true));
    logChange(tx, alarm.id());
  }

  @Override
  public void insertAll(Transaction tx, List<Alarm> alarms) {
    if (alarms.isEmpty()) {
      return;
    }
    Handle handle = handle(tx);
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO alarm ("
                + ALARM_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    alarms.forEach(alarm -> batch.add(alarmValues(alarm, true)));
    batch.execute();
    // One step of the counter for the whole batch, held locked until commit like a single change.
    handle.execute("UPDATE alarm_change_counter SET seq = seq + ? WHERE id = 1", alarms.size());
    long last =
        handle.select("SELECT seq FROM alarm_change_counter WHERE id = 1").mapTo(Long.class).one();
    PreparedBatch changes =
        handle.prepareBatch(
            "INSERT INTO alarm_change (seq, alarm_id, changed_at) VALUES (?, ?, CURRENT_TIMESTAMP)");
    long seq = last - alarms.size();
    for (Alarm alarm : alarms) {
      changes.add(++seq, alarm.id().value());
    }
    changes.execute();
  }

  /**
   * Logs a change in the caller's transaction. The counter row stays locked until it commits, so
   * changes commit in the order of their numbers, and a rolled-back change leaves no gap.
   */
  private void logChange(Transaction tx, AlarmId id) {
    Handle handle = handle(tx);
    handle.execute("UPDATE alarm_change_counter SET seq = seq + 1 WHERE id = 1");
    long seq =
        handle.select("SELECT seq FROM alarm_change_counter WHERE id = 1").mapTo(Long.class).one();
    handle.execute(
        "INSERT INTO alarm_change (seq, alarm_id, changed_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
        seq,
        id.value());
  }

  @Override
  public List<ChangeMark> changesAfter(Transaction tx, long sequence, int limit) {
    return handle(tx)
        .createQuery(
            "SELECT seq, alarm_id FROM alarm_change WHERE seq > :seq ORDER BY seq LIMIT :limit")
        .bind("seq", sequence)
        .bind("limit", limit)
        .map((rs, ctx) -> new ChangeMark(rs.getLong("seq"), new AlarmId(rs.getString("alarm_id"))))
        .list();
  }

  @Override
  public long changeSequence(Transaction tx) {
    return handle(tx)
        .select("SELECT seq FROM alarm_change_counter WHERE id = 1")
        .mapTo(Long.class)
        .one();
  }

  @Override
  public int purgeChangesBefore(Transaction tx, java.time.Instant cutoff, int batch) {
    return handle(tx)
        .createUpdate(
            "DELETE FROM alarm_change WHERE seq IN (SELECT seq FROM alarm_change"
                + " WHERE changed_at < :cutoff"
                + " AND seq < (SELECT seq FROM alarm_change_counter WHERE id = 1)"
                + " ORDER BY seq LIMIT :batch)")
        .bind("cutoff", Timestamps.toDatabase(cutoff))
        .bind("batch", batch)
        .execute();
  }

  @Override
  public void update(Transaction tx, Alarm alarm) {
    Object[] values = alarmValues(alarm, false);
    handle(tx)
        .execute(
            "UPDATE alarm SET name = ?, description = ?, kind = ?, type_spelling = ?, rule = ?,"
                + " enabled = ?, state = ?, state_reason = ?, severity = ?, ok_actions = ?,"
                + " alarm_actions = ?, insufficient_data_actions = ?, repeat_actions = ?,"
                + " time_constraints = ?, project_id = ?, user_id = ?, resource_id = ?,"
                + " changed_at = ?, state_changed_at = ? WHERE id = ?",
            values);
    logChange(tx, alarm.id());
  }

  /** Column values in ALARM_COLUMNS order; the id first for an insert, last for an update. */
  private static Object[] alarmValues(Alarm alarm, boolean idFirst) {
    Object[] fields = {
      alarm.name(),
      alarm.description(),
      "event",
      alarm.type().name(),
      write(AlarmDocument.Rule.from(alarm.rule())),
      alarm.enabled(),
      alarm.state().name(),
      alarm.stateReason(),
      alarm.severity().name(),
      write(alarm.okActions()),
      write(alarm.alarmActions()),
      write(alarm.insufficientDataActions()),
      alarm.repeatActions(),
      write(AlarmDocument.Constraint.from(alarm.timeConstraints())),
      alarm.projectId(),
      alarm.userId(),
      alarm.resourceId().orElse(null),
      Timestamps.toDatabase(alarm.timestamp()),
      Timestamps.toDatabase(alarm.stateTimestamp())
    };
    Object[] values = new Object[fields.length + 1];
    System.arraycopy(fields, 0, values, idFirst ? 1 : 0, fields.length);
    values[idFirst ? 0 : fields.length] = alarm.id().value();
    return values;
  }

  @Override
  public void updateStates(Transaction tx, List<Alarm> alarms) {
    if (alarms.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "UPDATE alarm SET state = ?, state_reason = ?, state_changed_at = ? WHERE id = ?");
    for (Alarm alarm : alarms) {
      batch.add(
          alarm.state().name(),
          alarm.stateReason(),
          Timestamps.toDatabase(alarm.stateTimestamp()),
          alarm.id().value());
    }
    batch.execute();
  }

  @Override
  public boolean[] updateStatesFrom(Transaction tx, List<Alarm> expected, List<Alarm> alarms) {
    boolean[] saved = new boolean[alarms.size()];
    if (alarms.isEmpty()) {
      return saved;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "UPDATE alarm SET state = ?, state_reason = ?, state_changed_at = ?"
                    + " WHERE id = ? AND state = ?");
    for (int i = 0; i < alarms.size(); i++) {
      Alarm alarm = alarms.get(i);
      batch.add(
          alarm.state().name(),
          alarm.stateReason(),
          Timestamps.toDatabase(alarm.stateTimestamp()),
          alarm.id().value(),
          expected.get(i).state().name());
    }
    int[] counts = batch.execute();
    for (int i = 0; i < counts.length; i++) {
      saved[i] = counts[i] != 0; // SUCCESS_NO_INFO (-2) counts as saved
    }
    return saved;
  }

  @Override
  public void delete(Transaction tx, AlarmId id) {
    handle(tx).execute("DELETE FROM alarm WHERE id = ?", id.value());
    logChange(tx, id); // a tombstone: a reader finds the alarm gone and drops it
  }

  @Override
  public Optional<Alarm> find(Transaction tx, AlarmId id) {
    return handle(tx)
        .select("SELECT " + ALARM_COLUMNS + " FROM alarm WHERE id = ?", id.value())
        .map(ALARM)
        .findOne();
  }

  @Override
  public List<Alarm> list(Transaction tx, Optional<String> projectId) {
    if (projectId.isPresent()) {
      return handle(tx)
          .select(
              "SELECT "
                  + ALARM_COLUMNS
                  + " FROM alarm WHERE project_id = ? ORDER BY changed_at"
                  + " DESC, id",
              projectId.get())
          .map(ALARM)
          .list();
    }
    return handle(tx)
        .select("SELECT " + ALARM_COLUMNS + " FROM alarm ORDER BY changed_at DESC, id")
        .map(ALARM)
        .list();
  }

  @Override
  public List<Alarm> page(
      Transaction tx, Optional<String> projectId, Optional<Alarm> after, int count) {
    if (count <= 0) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT ").append(ALARM_COLUMNS).append(" FROM alarm WHERE 1 = 1");
    List<Object> arguments = new ArrayList<>();
    if (projectId.isPresent()) {
      sql.append(" AND project_id = ?");
      arguments.add(projectId.get());
    }
    if (after.isPresent()) {
      sql.append(" AND (changed_at < ? OR (changed_at = ? AND id > ?))");
      arguments.add(Timestamps.toDatabase(after.get().timestamp()));
      arguments.add(Timestamps.toDatabase(after.get().timestamp()));
      arguments.add(after.get().id().value());
    }
    sql.append(" ORDER BY changed_at DESC, id LIMIT ?");
    arguments.add(count);
    return handle(tx).select(sql.toString(), arguments.toArray()).map(ALARM).list();
  }

  @Override
  public Optional<Positions> positions(Transaction tx) {
    return handle(tx)
        .select("SELECT MIN(stored_seq) AS first, MAX(stored_seq) AS last FROM alarm")
        .map(
            (rs, ctx) -> {
              long first = rs.getLong("first");
              return rs.wasNull()
                  ? Optional.<Positions>empty()
                  : Optional.of(new Positions(first, rs.getLong("last")));
            })
        .one();
  }

  @Override
  public List<Positioned> pageByPosition(Transaction tx, long after, long upTo, int count) {
    if (count <= 0) {
      return List.of();
    }
    return handle(tx)
        .select(
            "SELECT stored_seq, "
                + ALARM_COLUMNS
                + " FROM alarm WHERE stored_seq > ? AND stored_seq <= ? ORDER BY stored_seq LIMIT ?",
            after,
            upTo,
            count)
        .map((rs, ctx) -> new Positioned(rs.getLong("stored_seq"), alarm(rs)))
        .list();
  }

  @Override
  public void appendHistory(Transaction tx, List<AlarmChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO alarm_history (event_id, alarm_id, change_type, detail, project_id,"
                    + " user_id, on_behalf_of, severity, changed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (AlarmChange change : changes) {
      batch.add(
          change.eventId(),
          change.alarmId().value(),
          change.type().wireName(),
          change.detail(),
          change.projectId(),
          change.userId(),
          change.onBehalfOf(),
          change.severity().name(),
          Timestamps.toDatabase(change.timestamp()));
    }
    batch.execute();
  }

  @Override
  public List<AlarmChange> history(
      Transaction tx, Optional<AlarmId> alarmId, Optional<String> projectId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM alarm_history WHERE 1 = 1");
    alarmId.ifPresent(id -> sql.append(" AND alarm_id = :alarm"));
    projectId.ifPresent(id -> sql.append(" AND on_behalf_of = :project"));
    sql.append(" ORDER BY changed_at DESC, seq DESC LIMIT :limit");
    var query = handle(tx).createQuery(sql.toString()).bind("limit", limit);
    alarmId.ifPresent(id -> query.bind("alarm", id.value()));
    projectId.ifPresent(id -> query.bind("project", id));
    return query.map(CHANGE).list();
  }

  @Override
  public void insertDeliveries(Transaction tx, List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "INSERT INTO alarm_delivery (id, alarm_id, project_id, severity, action, body,"
                    + " fault_id, status, attempts, next_attempt_at, last_error, created_at,"
                    + " node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING");
    for (Delivery delivery : deliveries) {
      batch.add(
          delivery.id().value(),
          delivery.alarmId().value(),
          delivery.projectId(),
          delivery.severity().name(),
          delivery.action(),
          delivery.body(),
          delivery.faultId().map(FaultId::value).orElse(null),
          delivery.status().name(),
          delivery.attempts(),
          Timestamps.toDatabase(delivery.nextAttemptAt()),
          delivery.lastError(),
          Timestamps.toDatabase(delivery.createdAt()),
          node.map(NodeId::value).orElse(null));
    }
    batch.execute();
  }

  @Override
  public void updateDeliveries(Transaction tx, List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        handle(tx)
            .prepareBatch(
                "UPDATE alarm_delivery SET status = ?, attempts = ?, next_attempt_at = ?,"
                    + " last_error = ? WHERE id = ?");
    for (Delivery delivery : deliveries) {
      batch.add(
          delivery.status().name(),
          delivery.attempts(),
          Timestamps.toDatabase(delivery.nextAttemptAt()),
          delivery.lastError(),
          delivery.id().value());
    }
    batch.execute();
  }

  @Override
  public List<Delivery> pendingDeliveries(Transaction tx) {
    return handle(tx)
        .createQuery(
            "SELECT * FROM alarm_delivery WHERE status = :status"
                + " AND (:node = '' OR node_id = :node)"
                + " ORDER BY next_attempt_at")
        .bind("status", DeliveryStatus.PENDING.name())
        .bind("node", node.map(NodeId::value).orElse(""))
        .map(DELIVERY)
        .list();
  }

  @Override
  public List<Delivery> listDeliveries(Transaction tx, DeliveryQuery query) {
    StringBuilder sql = new StringBuilder("SELECT * FROM alarm_delivery WHERE 1 = 1");
    query.faultId().ifPresent(unused -> sql.append(" AND fault_id = :fault"));
    query.alarmId().ifPresent(unused -> sql.append(" AND alarm_id = :alarm"));
    query.projectId().ifPresent(unused -> sql.append(" AND project_id = :project"));
    sql.append(" ORDER BY created_at DESC, id LIMIT :limit");
    var select = handle(tx).createQuery(sql.toString()).bind("limit", query.limit());
    query.faultId().ifPresent(fault -> select.bind("fault", fault));
    query.alarmId().ifPresent(alarm -> select.bind("alarm", alarm.value()));
    query.projectId().ifPresent(project -> select.bind("project", project));
    return select.map(DELIVERY).list();
  }

  @Override
  public int purgeHistoryBefore(Transaction tx, java.time.Instant cutoff, int batch) {
    return handle(tx)
        .createUpdate(
            "DELETE FROM alarm_history WHERE seq IN (SELECT seq FROM alarm_history"
                + " WHERE changed_at < :cutoff ORDER BY changed_at LIMIT :batch)")
        .bind("cutoff", Timestamps.toDatabase(cutoff))
        .bind("batch", batch)
        .execute();
  }

  @Override
  public int purgeDeliveriesBefore(Transaction tx, java.time.Instant cutoff, int batch) {
    return handle(tx)
        .createUpdate(
            "DELETE FROM alarm_delivery WHERE id IN (SELECT id FROM alarm_delivery"
                + " WHERE created_at < :cutoff AND status <> :pending"
                + " ORDER BY created_at LIMIT :batch)")
        .bind("cutoff", Timestamps.toDatabase(cutoff))
        .bind("pending", DeliveryStatus.PENDING.name())
        .bind("batch", batch)
        .execute();
  }

  @Override
  public Optional<Delivery> findDelivery(Transaction tx, DeliveryId id) {
    return handle(tx)
        .select("SELECT * FROM alarm_delivery WHERE id = ?", id.value())
        .map(DELIVERY)
        .findOne();
  }

  private static Alarm alarm(ResultSet rs) throws SQLException {
    return new Alarm(
        new AlarmId(rs.getString("id")),
        rs.getString("name"),
        rs.getString("description"),
        AlarmType.valueOf(rs.getString("type_spelling")),
        rule(object(rs, "rule")),
        rs.getBoolean("enabled"),
        AlarmState.valueOf(rs.getString("state")),
        rs.getString("state_reason"),
        Severity.valueOf(rs.getString("severity")),
        list(rs, "ok_actions", STRINGS),
        list(rs, "alarm_actions", STRINGS),
        list(rs, "insufficient_data_actions", STRINGS),
        rs.getBoolean("repeat_actions"),
        timeConstraints(list(rs, "time_constraints", OBJECTS)),
        rs.getString("project_id"),
        rs.getString("user_id"),
        Optional.ofNullable(rs.getString("resource_id")),
        instant(rs, "changed_at"),
        instant(rs, "state_changed_at"));
  }

  private static EventRule rule(Map<String, Object> document) {
    List<QueryTerm> query =
        ((List<?>) document.getOrDefault("query", List.of()))
            .stream()
                .map(term -> (Map<?, ?>) term)
                .map(
                    term ->
                        QueryTerm.of(
                            String.valueOf(term.get("field")),
                            QueryOp.fromWire(String.valueOf(term.get("op")), "stored"),
                            ValueType.fromWire(String.valueOf(term.get("type"))).orElseThrow(),
                            String.valueOf(term.get("value"))))
                .toList();
    return EventRule.of(String.valueOf(document.get("event_type")), query);
  }

  private static List<TimeConstraint> timeConstraints(List<Map<String, Object>> documents) {
    return documents.stream()
        .map(
            document ->
                TimeConstraint.of(
                    String.valueOf(document.get("name")),
                    String.valueOf(document.get("description")),
                    String.valueOf(document.get("start")),
                    ((Number) document.get("duration")).longValue(),
                    String.valueOf(document.get("timezone"))))
        .toList();
  }

  private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
    return Timestamps.fromDatabase(rs.getObject(column, OffsetDateTime.class));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable: " + value, e);
    }
  }

  /** A JSON list column; most (actions of a kind, time constraints) are empty. */
  private static <T> List<T> list(ResultSet rs, String column, ObjectReader reader)
      throws SQLException {
    String text = rs.getString(column);
    if (text.equals("[]")) {
      return List.of();
    }
    try {
      return reader.readValue(text);
    } catch (IOException e) {
      throw new IllegalStateException("alarm table holds invalid JSON: " + text, e);
    }
  }

  private static Map<String, Object> object(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    try {
      return OBJECT.readValue(text);
    } catch (IOException e) {
      throw new IllegalStateException("alarm table holds invalid JSON: " + text, e);
    }
  }
}
