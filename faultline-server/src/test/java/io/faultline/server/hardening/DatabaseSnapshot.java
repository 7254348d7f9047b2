package io.faultline.server.hardening;

import io.faultline.store.Database;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every row of every table of a database, as text, to compare before and after. */
final class DatabaseSnapshot {
  private static final Set<String> KEEPS_EXTRAS = Set.of("identity_project", "identity_user");

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
                if (table.toLowerCase(Locale.ROOT).startsWith("flyway")) {
                  continue;
                }
                // Keystone keeps the attributes of users and projects that it does not know as
                // "extra": a PATCH carrying unknown keys is a valid request there, not malformed.
                boolean keepsExtras = KEEPS_EXTRAS.contains(table.toLowerCase(Locale.ROOT));
                rows.put(
                    table,
                    handle.createQuery("SELECT * FROM " + table).mapToMap().stream()
                        .map(
                            row -> {
                              Map<String, Object> sorted = new TreeMap<>(row);
                              if (keepsExtras) {
                                sorted.remove("extra");
                              }
                              return sorted.toString();
                            })
                        .sorted()
                        .toList());
              }
              return rows;
            });
  }
}
