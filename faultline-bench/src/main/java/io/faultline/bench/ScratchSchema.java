package io.faultline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema in the local PostgreSQL ({@code FAULTLINE_BENCH_PG_URL}, default database {@code
 * test}) for one benchmark run; closing it drops the schema with everything the run wrote.
 */
final class ScratchSchema implements AutoCloseable {
  private final String baseUrl;
  private final String name;

  private ScratchSchema(String baseUrl, String name) {
    this.baseUrl = baseUrl;
    this.name = name;
  }

  /** Creates a schema named {@code prefix} and a random suffix. */
  static ScratchSchema create(String prefix) throws SQLException {
    String baseUrl =
        System.getenv()
            .getOrDefault("FAULTLINE_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    ScratchSchema schema =
        new ScratchSchema(
            baseUrl, prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    schema.execute("CREATE SCHEMA " + schema.name);
    return schema;
  }

  String name() {
    return name;
  }

  /** The database's URL with this schema as the current one, without user. */
  String url() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** An administrative connection to the database, outside the schema. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(baseUrl, "postgres", "");
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
