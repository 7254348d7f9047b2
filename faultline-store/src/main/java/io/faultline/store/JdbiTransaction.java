package io.faultline.store;

import io.faultline.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** A transaction on one JDBC connection, through its Jdbi handle. */
final class JdbiTransaction implements Transaction {
  private final Handle handle;
  private final List<Runnable> afterCommit = new ArrayList<>();

  JdbiTransaction(Handle handle) {
    this.handle = handle;
  }

  Handle handle() {
    return handle;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  /** The handle of a transaction this store opened; anything else is a wiring error. */
  static Handle handle(Transaction transaction) {
    if (transaction instanceof JdbiTransaction jdbi) {
      return jdbi.handle();
    }
    throw new IllegalArgumentException(
        "not a transaction of this store: " + transaction.getClass().getName());
  }
}
