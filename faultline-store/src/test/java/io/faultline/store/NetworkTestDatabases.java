package io.faultline.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Fresh databases for the network tests: a private in-memory H2, or a new schema on the local
 * PostgreSQL. Without PostgreSQL the PG tests are skipped, except under {@code CI=true} where they
 * fail, so that CI never passes without having run them.
 */
public final class NetworkTestDatabases {
  private static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test";

  private NetworkTestDatabases() {}

  public static Database h2() {
    return Database.open(DatabaseSettings.h2InMemory("network-" + UUID.randomUUID()));
  }

  public static Database postgres() {
    String schema = "network_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(PG_BASE, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema.toLowerCase(Locale.ROOT));
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("PostgreSQL is required under CI=true", e);
      }
      assumeTrue(false, "PostgreSQL not reachable at " + PG_BASE + ": " + e.getMessage());
    }
    return Database.open(
        new DatabaseSettings(
            PG_BASE + "?currentSchema=" + schema,
            Optional.of("postgres"),
            Optional.empty(),
            4,
            10_000));
  }
}
