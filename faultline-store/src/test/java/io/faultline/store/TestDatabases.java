package io.faultline.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Real databases for store tests: a private in-memory H2, or a fresh schema in the local PostgreSQL
 * (127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth; override with
 * FAULTLINE_TEST_PG_URL / FAULTLINE_TEST_PG_USER). A missing PostgreSQL fails the test: the
 * contract must hold on both engines, so it is never skipped.
 */
public final class TestDatabases {
  private static final String PG_URL =
      System.getenv()
          .getOrDefault("FAULTLINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String PG_USER =
      System.getenv().getOrDefault("FAULTLINE_TEST_PG_USER", "postgres");

  private TestDatabases() {}

  public static Database h2() {
    return Database.open(
        DatabaseSettings.h2InMemory("t" + UUID.randomUUID().toString().replace("-", "")));
  }

  /** A migrated database in a new, empty PostgreSQL schema. */
  public static Database postgres() {
    String schema =
        "t_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
      DroppedSchemas.add(PG_URL, PG_USER, schema);
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is required for the store contract tests and is not reachable at "
              + PG_URL
              + " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): "
              + e.getMessage(),
          e);
    }
    String separator = PG_URL.contains("?") ? "&" : "?";
    return Database.open(
        new DatabaseSettings(
            PG_URL + separator + "currentSchema=" + schema,
            Optional.of(PG_USER),
            Optional.empty(),
            4,
            10_000));
  }
}
