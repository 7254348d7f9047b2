package io.faultline.store;

import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the database refused into the caller's error, by SQLSTATE, the same on H2 and
 * PostgreSQL: a unique key taken by a concurrent request is a 409, a value the column cannot hold a
 * 400, an unreachable or timed-out store a 503 with a retry hint. Nothing here carries a bound
 * value or the driver's message (which may quote a row), so no password hash can reach a log.
 */
final class StoreFailures {
  private static final Logger log = LoggerFactory.getLogger(StoreFailures.class);

  /** Tables whose rows hold secrets (password hashes, token hashes). */
  private static final String[] CREDENTIAL_TABLES = {"identity_user", "identity_token"};

  private StoreFailures() {}

  static RuntimeException translate(JdbiException failure) {
    Optional<SQLException> sql = sqlException(failure);
    String state = sql.map(SQLException::getSQLState).orElse("");
    if (state == null) {
      state = "";
    }
    if (state.equals("23505")) {
      return FaultlineException.conflict(
          "Conflict occurred attempting to store the resource - Duplicate entry: a request for"
              + " the same name or key was handled at the same time.");
    }
    if (state.startsWith("22")) {
      log.warn("the store refused a value (SQLSTATE {}) on {}", state, statement(failure));
      return FaultlineException.badRequest(
          "Invalid input: a value does not fit its field (SQLSTATE " + state + ")");
    }
    if (unavailable(failure, state)) {
      log.warn("the store is unavailable (SQLSTATE {}): {}", state, failure.getClass().getName());
      return new FaultlineException(
          ErrorCode.UNAVAILABLE, "the database is unavailable; retry in a few seconds");
    }
    if (touchesCredentials(failure)) {
      // The driver's message can quote the row; keep only what identifies the failure.
      return new IllegalStateException(
          "store failure (SQLSTATE "
              + state
              + ") on "
              + statement(failure)
              + "; the driver's message is withheld because the row holds credentials");
    }
    return failure;
  }

  private static boolean unavailable(JdbiException failure, String state) {
    return failure instanceof ConnectionException
        || state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P03")
        || state.equals("57014")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("HYT00")
        || sqlException(failure)
            .filter(SQLTransientConnectionException.class::isInstance)
            .isPresent();
  }

  private static boolean touchesCredentials(JdbiException failure) {
    String sql = statement(failure).toLowerCase(Locale.ROOT);
    for (String table : CREDENTIAL_TABLES) {
      if (sql.contains(table)) {
        return true;
      }
    }
    return false;
  }

  /** The statement's SQL text, never its arguments. */
  static String statement(JdbiException failure) {
    if (failure instanceof StatementException statement
        && statement.getStatementContext() != null
        && statement.getStatementContext().getRawSql() != null) {
      String sql = statement.getStatementContext().getRawSql().replaceAll("\\s+", " ").trim();
      return sql.length() > 200 ? sql.substring(0, 200) + "…" : sql;
    }
    return "(no statement)";
  }

  private static Optional<SQLException> sqlException(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return Optional.of(sql);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }
}
