package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Test;

/**
 * Every statement is bounded by the store timeout, on both engines, and on H2 it is set once per
 * connection: each time it is set there, H2 makes every connection parse its statements again.
 */
class StatementTimeoutTest {
  /** H2's and PostgreSQL's SQLSTATE for a statement cancelled by its timeout. */
  private static final String QUERY_CANCELED = "57014";

  @Test
  void aStatementPastTheTimeoutIsCancelledOnH2EachTimeOnOneConnection() {
    try (Database database =
        Database.open(
            new DatabaseSettings(
                DatabaseSettings.h2InMemory("t" + UUID.randomUUID().toString().replace("-", ""))
                    .url(),
                Optional.empty(),
                Optional.empty(),
                2,
                1_000))) {
      assertCancelledTwiceOnOneConnection(
          database, "SELECT SUM(1) FROM SYSTEM_RANGE(1, 1000000000000)");
    }
  }

  @Test
  void aStatementPastTheTimeoutIsCancelledOnPostgresqlEachTime() {
    try (Database database =
        Database.open(
            new DatabaseSettings(
                TestSchemas.select(TestSchemas.URL, TestSchemas.create()),
                Optional.of(TestSchemas.USER),
                Optional.empty(),
                2,
                1_000))) {
      assertCancelledTwiceOnOneConnection(database, "SELECT pg_sleep(60)");
    }
  }

  @Test
  void h2HasItSetOncePerConnection() throws Exception {
    try (Database database = TestDatabases.h2();
        Handle handle = database.jdbi().open()) {
      // Not Jdbi's own timeout, which sets it on every statement.
      assertThat(database.jdbi().getConfig(SqlStatements.class).getQueryTimeout()).isNull();
      Connection connection = handle.getConnection();
      assertThat(setsOnThreeStatements(connection)).isEqualTo(1);
    }
  }

  @Test
  void postgresqlHasItSetOnEachStatement() throws Exception {
    try (Database database = TestDatabases.postgres();
        Handle handle = database.jdbi().open()) {
      Connection connection = handle.getConnection();
      assertThat(setsOnThreeStatements(connection)).isEqualTo(3);
    }
  }

  /**
   * Prepares three statements in turn on one connection, each with its timeout set as the store
   * sets it; returns how many times it was set, having checked each statement has it.
   */
  private static int setsOnThreeStatements(Connection connection) throws SQLException {
    StatementTimeout timeout = new StatementTimeout(7);
    AtomicInteger sets = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
        timeout.beforeExecution(countingSets(statement, sets), null);
        assertThat(statement.getQueryTimeout()).isEqualTo(7);
      }
    }
    return sets.get();
  }

  /** The real statement, with its calls to {@code setQueryTimeout} counted. */
  private static PreparedStatement countingSets(PreparedStatement real, AtomicInteger sets) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            StatementTimeoutTest.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (method.getName().equals("setQueryTimeout")) {
                sets.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The second statement on the connection finds the timeout the first one set on it. */
  private static void assertCancelledTwiceOnOneConnection(Database database, String slowQuery) {
    try (Handle handle = database.jdbi().open()) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> handle.createQuery(slowQuery).mapTo(String.class).one())
            .isInstanceOf(StatementException.class)
            .cause()
            .isInstanceOfSatisfying(
                SQLException.class,
                failure -> assertThat(failure.getSQLState()).isEqualTo(QUERY_CANCELED));
      }
    }
  }
}
