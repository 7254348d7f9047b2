package io.faultline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bus.Notification;
import io.faultline.bus.Outbox;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import io.faultline.cluster.NodeId;
import io.faultline.tx.Transaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The outbox table: one row per transaction, its notifications as a JSON array. */
public final class JdbiOutbox implements Outbox {
  private static final TypeReference<List<Map<String, Object>>> NOTIFICATIONS =
      new TypeReference<>() {};

  private final Jdbi jdbi;
  private final Optional<NodeId> node;
  private final ObjectMapper json = new ObjectMapper();

  /** The outbox of one process alone: every row is its own. */
  public JdbiOutbox(Database database) {
    this(database, Optional.empty());
  }

  /**
   * The outbox of one node of a cluster: it writes its rows as its own and replays only those; a
   * dead node's rows are adopted by a survivor ({@link JdbiClusterStore#adoptOrphans}).
   */
  public JdbiOutbox(Database database, Optional<NodeId> node) {
    this.jdbi = database.jdbi();
    this.node = node;
  }

  @Override
  public Batch add(Transaction transaction, List<Notification> notifications) {
    Batch batch = new Batch(UUID.randomUUID().toString(), notifications);
    Instant created = notifications.isEmpty() ? Instant.now() : notifications.get(0).timestamp();
    JdbiTransaction.handle(transaction)
        .execute(
            "INSERT INTO outbox_batch (batch_id, notifications, created_at, node_id)"
                + " VALUES (?, ?, ?, ?)",
            batch.id(),
            write(notifications),
            Timestamps.toDatabase(created),
            node.map(NodeId::value).orElse(null));
    return batch;
  }

  @Override
  public List<Batch> pending(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT batch_id, notifications, created_at FROM outbox_batch"
                        + " WHERE (:node = '' OR node_id = :node)"
                        + " ORDER BY seq LIMIT :limit")
                .bind("limit", limit)
                .bind("node", node.map(NodeId::value).orElse(""))
                .map(
                    (rs, ctx) ->
                        new Batch(
                            rs.getString("batch_id"),
                            read(
                                rs.getString("notifications"),
                                Timestamps.fromDatabase(
                                    rs.getObject("created_at", OffsetDateTime.class)))))
                .list());
  }

  @Override
  public void markPublished(List<String> batchIds) {
    if (batchIds.isEmpty()) {
      return;
    }
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM outbox_batch WHERE batch_id IN (<ids>)")
                .bindList("ids", batchIds)
                .execute());
  }

  private String write(List<Notification> notifications) {
    List<Map<String, Object>> rows = new ArrayList<>(notifications.size());
    for (Notification notification : notifications) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("message_id", notification.messageId());
      row.put("publisher_id", notification.publisherId());
      row.put("event_type", notification.eventType());
      row.put("priority", notification.priority().name());
      row.put("payload", notification.payload());
      row.put("timestamp", notification.timestamp().toString());
      notification
          .cause()
          .ifPresent(
              cause ->
                  row.put(
                      "cause",
                      Map.of("fault_id", cause.faultId().value(), "principal", cause.principal())));
      rows.add(row);
    }
    try {
      return json.writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("notification payload is not serializable", e);
    }
  }

  /**
   * Rows migrated from the one-row-per-notification table carry no timestamp: the row's is used.
   */
  @SuppressWarnings("unchecked")
  private List<Notification> read(String text, Instant created) {
    List<Map<String, Object>> rows;
    try {
      rows = json.readValue(text, NOTIFICATIONS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("outbox holds a batch that is not JSON", e);
    }
    List<Notification> notifications = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      Object timestamp = row.get("timestamp");
      notifications.add(
          new Notification(
              (String) row.get("message_id"),
              (String) row.get("publisher_id"),
              (String) row.get("event_type"),
              Notification.Priority.valueOf((String) row.get("priority")),
              (Map<String, Object>) row.get("payload"),
              timestamp == null ? created : Instant.parse((String) timestamp),
              cause((Map<String, Object>) row.get("cause"))));
    }
    return notifications;
  }

  private static Optional<Cause> cause(Map<String, Object> row) {
    return row == null
        ? Optional.empty()
        : Optional.of(
            new Cause(new FaultId((String) row.get("fault_id")), (String) row.get("principal")));
  }
}
