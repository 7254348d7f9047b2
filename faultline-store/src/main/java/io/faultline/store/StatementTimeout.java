package io.faultline.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Bounds every statement by the store timeout, and sets it only on a statement that does not have
 * it already.
 *
 * <p>Why not Jdbi's own {@code SqlStatements.setQueryTimeout}, which sets it on every statement: H2
 * keeps a statement's timeout in its session and sets it by running {@code SET QUERY_TIMEOUT}, and
 * every {@code SET} tells the whole database that its schema changed. Each statement then made
 * every connection parse and plan its cached statements again: 28,697 such commands in a 60-fault
 * run of {@code bench fault-loop}, most from its API requests (docs/benchmarks.md). H2 reports the
 * session's timeout as each statement's, so a connection sets it once. PostgreSQL's driver keeps it
 * per statement, so there it is set on each, as before.
 */
final class StatementTimeout implements StatementCustomizer {
  private final int seconds;

  StatementTimeout(int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("a statement timeout must be at least 1 s: " + seconds);
    }
    this.seconds = seconds;
  }

  @Override
  public void beforeExecution(PreparedStatement statement, StatementContext context)
      throws SQLException {
    if (statement.getQueryTimeout() != seconds) {
      statement.setQueryTimeout(seconds);
    }
  }
}
