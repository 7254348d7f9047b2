package io.faultline.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * New, empty schemas in the local PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code
 * postgres}, trust auth; override with FAULTLINE_TEST_PG_URL / FAULTLINE_TEST_PG_USER), for the
 * store's tests and, through this module's test jar, the server's. A missing PostgreSQL fails the
 * test: what must hold on both engines is never skipped.
 *
 * <p>The schemas a test JVM created are dropped when it exits: each is a whole migrated database,
 * and a suite makes about 150 of them, which the server would otherwise keep (a day of runs left
 * 583 schemas, 88,000 relations and 800 MB in its {@code test} database). A schema still locked (a
 * killed test server's transaction) is left after a short wait rather than holding the JVM's exit.
 */
public final class TestSchemas {
  public static final String URL =
      System.getenv()
          .getOrDefault("FAULTLINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER =
      System.getenv().getOrDefault("FAULTLINE_TEST_PG_USER", "postgres");

  private static final List<String> CREATED = new ArrayList<>();
  private static boolean hooked;

  private TestSchemas() {}

  /** Creates a new, empty schema, to be dropped when this JVM exits; returns its name. */
  public static String create() {
    String schema =
        "t_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    try (Connection connection = DriverManager.getConnection(URL, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is required and is not reachable at "
              + URL
              + " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): "
              + e.getMessage(),
          e);
    }
    dropAtExit(schema);
    return schema;
  }

  /** {@code url} with {@code schema} selected. */
  public static String select(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static synchronized void dropAtExit(String schema) {
    CREATED.add(schema);
    if (!hooked) {
      hooked = true;
      Runtime.getRuntime().addShutdownHook(new Thread(TestSchemas::dropAll, "drop-schemas"));
    }
  }

  private static synchronized void dropAll() {
    try (Connection connection = DriverManager.getConnection(URL, USER, "");
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
