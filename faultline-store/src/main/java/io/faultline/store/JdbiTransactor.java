package io.faultline.store;

import static java.util.Objects.requireNonNull;

import io.faultline.tx.Transaction;
import io.faultline.tx.Transactor;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs work in a JDBC transaction, then the actions it registered to run after commit. What the
 * database refuses is translated into the caller's error ({@link StoreFailures}).
 */
final class JdbiTransactor implements Transactor {
  private final Jdbi jdbi;

  JdbiTransactor(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  @Override
  public <T> T inTransaction(Function<Transaction, T> work) {
    JdbiTransaction[] transaction = new JdbiTransaction[1];
    T result;
    try {
      result =
          jdbi.inTransaction(
              handle -> {
                transaction[0] = new JdbiTransaction(handle);
                return work.apply(transaction[0]);
              });
    } catch (JdbiException e) {
      throw StoreFailures.translate(e);
    }
    for (Runnable action : transaction[0].afterCommitActions()) {
      action.run();
    }
    return result;
  }
}
