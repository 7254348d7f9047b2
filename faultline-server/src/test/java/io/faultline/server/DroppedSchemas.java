package io.faultline.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL schemas this test JVM created, dropped when it exits: each is a whole migrated
 * database, and a suite makes about 150 of them, which the local server would otherwise keep (a day
 * of runs left 583 schemas, 88,000 relations and 800 MB in its {@code test} database). A schema
 * still locked (a killed test server's transaction) is left after a short wait rather than holding
 * the JVM's exit.
 */
final class DroppedSchemas {
  private static final List<String> CREATED = new ArrayList<>();
  private static boolean hooked;

  private DroppedSchemas() {}

  /** Remembers {@code schema}, made in the database at {@code url}, to drop at exit. */
  static synchronized void add(String url, String user, String schema) {
    CREATED.add(schema);
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(url, user), "drop-schemas"));
    }
  }

  private static synchronized void dropAll(String url, String user) {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute("SET lock_timeout = '2s'");
      for (String schema : CREATED) {
        try {
          statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
          // Still in use: left for the database's owner; the other schemas are dropped.
        }
      }
    } catch (SQLException e) {
      // The server is gone: nothing to drop.
    }
  }
}
