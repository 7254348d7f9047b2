package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows written to identity columns do not make durable commits of their own: on an H2 file each
 * exhausted identity cache commits the sequence's margin in H2's system session, a whole store
 * write beside the caller's.
 */
class IdentityCacheTest {
  private static final int ROWS = 2_000;

  @TempDir Path directory;

  @Test
  void twoThousandHistoryRowsInOneTransactionAreOneStoreWriteOnAnH2File() {
    try (Database database =
        Database.open(
            new DatabaseSettings(
                DatabaseSettings.h2FileUrl(directory),
                Optional.empty(),
                Optional.empty(),
                4,
                10_000))) {
      long before = storeVersion(database);
      database.jdbi().useTransaction(handle -> insertHistory(handle.prepareBatch(INSERT), ROWS));
      long after = storeVersion(database);

      // The caller's commit, and at most one margin when a cache of 10,000 happens to run out
      // (32 per cache of 32 before: some 62 for these rows).
      assertThat(after - before).isBetween(1L, 2L);
      long stored =
          database
              .jdbi()
              .withHandle(
                  handle ->
                      handle
                          .createQuery("SELECT COUNT(*) FROM alarm_history")
                          .mapTo(Long.class)
                          .one());
      assertThat(stored).isEqualTo(ROWS);
    }
  }

  @Test
  void postgresqlSequencesKeepTheirDefaultCache() {
    try (Database database = TestDatabases.postgres()) {
      Long cache =
          database
              .jdbi()
              .withHandle(
                  handle ->
                      handle
                          .createQuery(
                              "SELECT cache_size FROM pg_sequences WHERE schemaname ="
                                  + " current_schema() AND sequencename ="
                                  + " pg_get_serial_sequence('alarm_history', 'seq')::regclass::name")
                          .mapTo(Long.class)
                          .one());
      assertThat(cache).isEqualTo(1L);
    }
  }

  private static final String INSERT =
      "INSERT INTO alarm_history (event_id, alarm_id, change_type, detail, project_id, user_id,"
          + " on_behalf_of, severity, changed_at) VALUES (?, ?, 'state transition', '{}', 'p',"
          + " 'u', 'p', 'low', ?)";

  private static void insertHistory(PreparedBatch batch, int rows) {
    for (int i = 0; i < rows; i++) {
      batch.add(UUID.randomUUID().toString(), "alarm-" + i, Timestamps.toDatabase(Instant.now()));
    }
    batch.execute();
  }

  private static long storeVersion(Database database) {
    return database
        .jdbi()
        .withHandle(
            handle -> {
              try {
                return H2FileCompaction.mvStore(handle.getConnection()).getCurrentVersion();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
