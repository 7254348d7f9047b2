package io.faultline.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A migration for one database engine alone, which the SQL migrations, shared by both engines,
 * cannot say: on the other engine it is recorded as applied and does nothing.
 */
abstract class EngineMigration implements JavaMigration {
  private final MigrationVersion version;
  private final String description;
  private final String productName;

  /**
   * @param productName the engine it applies to, as JDBC names it: {@code H2} or {@code PostgreSQL}
   */
  EngineMigration(String version, String description, String productName) {
    this.version = MigrationVersion.fromVersion(version);
    this.description = requireNonNull(description, "description is null");
    this.productName = requireNonNull(productName, "productName is null");
  }

  /** Changes the schema; called on the engine this migration is for only. */
  abstract void apply(Statement statement) throws SQLException;

  @Override
  public final MigrationVersion getVersion() {
    return version;
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return null;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public final void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    if (!productName.equals(connection.getMetaData().getDatabaseProductName())) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      apply(statement);
    }
  }
}
