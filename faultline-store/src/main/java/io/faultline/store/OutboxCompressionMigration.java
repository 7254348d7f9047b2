package io.faultline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Version 93: on PostgreSQL, the outbox's notifications are compressed with LZ4 instead of the
 * default pglz. A host-down report of 1,000 instances writes one outbox row of about a megabyte,
 * which PostgreSQL compresses into TOAST inside the report's transaction; pglz took about 5 ms of
 * the report's 55 (the host-down benchmark's outbox write: 12.6 ms with pglz, 7.8 ms with LZ4).
 *
 * <p>A Java migration because it applies to PostgreSQL alone, from version 14 and built with LZ4
 * (Debian's is); elsewhere, and on H2, it does nothing. New rows only: rows already there keep
 * their compression, and read the same.
 */
final class OutboxCompressionMigration extends EngineMigration {
  OutboxCompressionMigration() {
    super("93", "outbox notifications compressed with lz4 on postgresql", "PostgreSQL");
  }

  @Override
  void apply(Statement statement) throws SQLException {
    if (supportsLz4(statement)) {
      statement.execute("ALTER TABLE outbox_batch ALTER COLUMN notifications SET COMPRESSION lz4");
    }
  }

  private static boolean supportsLz4(Statement statement) throws SQLException {
    try (ResultSet row =
        statement.executeQuery(
            "SELECT current_setting('server_version_num')::int >= 140000 AND EXISTS (SELECT 1"
                + " FROM pg_settings WHERE name = 'default_toast_compression'"
                + " AND 'lz4' = ANY (enumvals))")) {
      return row.next() && row.getBoolean(1);
    }
  }
}
