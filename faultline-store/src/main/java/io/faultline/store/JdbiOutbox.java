package io.faultline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bus.Notification;
import io.faultline.bus.Outbox;
import io.faultline.tx.Transaction;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The outbox table. */
public final class JdbiOutbox implements Outbox {
  private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {};

  private final Jdbi jdbi;
  private final ObjectMapper json = new ObjectMapper();

  public JdbiOutbox(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public void add(Transaction transaction, List<Notification> notifications) {
    PreparedBatch batch =
        JdbiTransaction.handle(transaction)
            .prepareBatch(
                "INSERT INTO outbox (message_id, publisher_id, event_type, priority, payload,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?)");
    for (Notification notification : notifications) {
      batch.add(
          notification.messageId(),
          notification.publisherId(),
          notification.eventType(),
          notification.priority().name(),
          write(notification.payload()),
          Timestamps.toDatabase(notification.timestamp()));
    }
    batch.execute();
  }

  @Override
  public List<Notification> pending(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT message_id, publisher_id, event_type, priority, payload, created_at"
                        + " FROM outbox ORDER BY seq LIMIT :limit")
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Notification(
                            rs.getString("message_id"),
                            rs.getString("publisher_id"),
                            rs.getString("event_type"),
                            Notification.Priority.valueOf(rs.getString("priority")),
                            read(rs.getString("payload")),
                            Timestamps.fromDatabase(
                                rs.getObject("created_at", java.time.OffsetDateTime.class))))
                .list());
  }

  @Override
  public void markPublished(List<String> messageIds) {
    if (messageIds.isEmpty()) {
      return;
    }
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("DELETE FROM outbox WHERE message_id IN (<ids>)")
                .bindList("ids", messageIds)
                .execute());
  }

  private String write(Map<String, Object> payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("notification payload is not serializable", e);
    }
  }

  private Map<String, Object> read(String payload) {
    try {
      return json.readValue(payload, PAYLOAD);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("outbox holds a payload that is not JSON", e);
    }
  }
}
