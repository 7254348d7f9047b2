package io.faultline.bus;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transaction;
import java.util.List;

/**
 * The transactional outbox: a transaction's notifications are written in that same transaction, as
 * one batch, and removed once published. Whatever is still here after a crash is replayed.
 */
public interface Outbox {
  /** The notifications of one transaction, stored, published and removed together. */
  record Batch(String id, List<Notification> notifications) {
    public Batch {
      requireNonNull(id, "id is null");
      notifications = List.copyOf(notifications);
    }
  }

  /** Writes the notifications into the transaction as one batch. */
  Batch add(Transaction transaction, List<Notification> notifications);

  /** The oldest unpublished batches, oldest first. */
  List<Batch> pending(int limit);

  void markPublished(List<String> batchIds);
}
