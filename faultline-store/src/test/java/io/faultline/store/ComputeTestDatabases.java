package io.faultline.store;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens the databases compute tests run against: a private H2 in memory, or a fresh schema in the
 * local PostgreSQL. Without PostgreSQL the PG tests are skipped, except on CI where they fail.
 */
final class ComputeTestDatabases {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

  private ComputeTestDatabases() {}

  static Database h2() {
    return Database.open(DatabaseSettings.h2InMemory("compute-" + UUID.randomUUID()));
  }

  static Database postgres() {
    String schema = "compute_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(PG, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema.toLowerCase(Locale.ROOT));
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("PostgreSQL at " + PG + " is required on CI", e);
      }
      Assumptions.abort("PostgreSQL at " + PG + " is unreachable: " + e.getMessage());
    }
    return Database.open(
        new DatabaseSettings(
            PG + "?currentSchema=" + schema, Optional.of("postgres"), Optional.empty(), 4, 10_000));
  }
}
