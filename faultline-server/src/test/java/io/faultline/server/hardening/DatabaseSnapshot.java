package io.faultline.server.hardening;

import io.faultline.store.Database;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every row of every table of a database, as text, to compare before and after. */
final class DatabaseSnapshot {
  private DatabaseSnapshot() {}

  static Map<String, List<String>> of(Database database) {
    return database
        .jdbi()
        .withHandle(
            handle -> {
              List<String> tables =
                  handle
                      .createQuery(
                          "SELECT table_name FROM information_schema.tables"
                              + " WHERE LOWER(table_schema) = LOWER(CURRENT_SCHEMA)"
                              + " AND table_type IN ('BASE TABLE', 'TABLE')")
                      .mapTo(String.class)
                      .list();
              Map<String, List<String>> rows = new TreeMap<>();
              for (String table : tables) {
                if (table.toLowerCase(java.util.Locale.ROOT).startsWith("flyway")) {
                  continue;
                }
                rows.put(
                    table,
                    handle.createQuery("SELECT * FROM " + table).mapToMap().stream()
                        .map(row -> new TreeMap<>(row).toString())
                        .sorted()
                        .toList());
              }
              return rows;
            });
  }
}
