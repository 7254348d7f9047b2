package io.faultline.bus;

import io.faultline.tx.Transaction;
import java.util.List;

/**
 * The transactional outbox: notifications are written in the same transaction as the state change
 * they describe, and removed once published. Whatever is still here after a crash is replayed.
 */
public interface Outbox {
  void add(Transaction transaction, List<Notification> notifications);

  /** The oldest unpublished notifications, oldest first. */
  List<Notification> pending(int limit);

  void markPublished(List<String> messageIds);
}
