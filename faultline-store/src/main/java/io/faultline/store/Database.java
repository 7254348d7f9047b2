package io.faultline.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.faultline.tx.Transactor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relational store: a connection pool over H2 (embedded, the default) or PostgreSQL, migrated
 * by Flyway at open. The same migrations serve both.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final JdbiTransactor transactor;
  private final Dialect dialect;
  private final Optional<H2FileCompaction> compaction;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Which SQL engine is behind the URL; the migrations are portable, a few statements are not. */
  public enum Dialect {
    H2,
    POSTGRESQL;

    public static Dialect of(String url) {
      if (url.startsWith("jdbc:h2:")) {
        return H2;
      }
      if (url.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      throw new IllegalArgumentException(
          "unsupported database URL (expected jdbc:h2:… or jdbc:postgresql:…): " + url);
    }
  }

  private Database(
      HikariDataSource dataSource,
      Dialect dialect,
      Optional<H2FileCompaction> compaction,
      int timeoutSeconds) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.compaction = compaction;
    this.jdbi = Jdbi.create(dataSource);
    // An exception's message shows the statement, never its bound values: a failed user write
    // must not put a password hash in a log.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::renderFailure);
    jdbi.addCustomizer(new StatementTimeout(timeoutSeconds));
    this.transactor = new JdbiTransactor(jdbi);
  }

  /** Opens the pool and migrates the schema to the newest version. */
  public static Database open(DatabaseSettings settings) {
    return open(settings, Optional.empty());
  }

  /**
   * Opens the pool, reporting its metrics (connections in use, waits, timeouts) to the given
   * tracker, and migrates the schema to the newest version.
   */
  public static Database open(
      DatabaseSettings settings, Optional<MetricsTrackerFactory> poolMetrics) {
    return open(settings, poolMetrics, true);
  }

  /**
   * Opens the store for a bulk load (a benchmark's fleet written at once): as {@link
   * #open(DatabaseSettings)}, but an H2 file is compacted once, when closed, rather than in steps
   * while it is written, which would rewrite the same growing file over and over.
   */
  public static Database openForBulkLoad(DatabaseSettings settings) {
    return open(settings, Optional.empty(), false);
  }

  private static Database open(
      DatabaseSettings settings,
      Optional<MetricsTrackerFactory> poolMetrics,
      boolean compactWhileOpen) {
    requireNonNull(settings, "settings is null");
    requireNonNull(poolMetrics, "poolMetrics is null");
    Dialect dialect = Dialect.of(settings.url());
    H2NewestState.file(settings.url()).ifPresent(H2NewestState::restore);
    String url = ownClose(settings.url());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setPoolName("faultline");
    config.setAutoCommit(true);
    // Every wait on the store is bounded by the one timeout: a connection from the pool, a new
    // connection to the server, a statement. Past it the caller gets a 503, not a hung request.
    long timeoutMillis = settings.connectTimeoutMillis();
    int timeoutSeconds = (int) Math.max(1, (timeoutMillis + 999) / 1000);
    config.setInitializationFailTimeout(timeoutMillis);
    config.setConnectionTimeout(Math.max(250, timeoutMillis));
    config.setValidationTimeout(Math.max(250, Math.min(5_000, timeoutMillis / 2)));
    if (dialect == Dialect.POSTGRESQL) {
      config.addDataSourceProperty("connectTimeout", Integer.toString(timeoutSeconds));
      config.addDataSourceProperty("loginTimeout", Integer.toString(timeoutSeconds));
      // A server that stops answering mid-statement (host gone, no RST) ends the read too.
      config.addDataSourceProperty(
          "socketTimeout", Integer.toString(Math.max(30, 4 * timeoutSeconds)));
      // The server's error detail can quote a whole row ("Failing row contains ..."): keep it out
      // of exception messages, and so out of logs.
      config.addDataSourceProperty("logServerErrorDetail", "false");
      // A batch of inserts (a fleet written at once, alarms created together) goes to the server
      // as multi-row statements rather than one round trip per row.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    poolMetrics.ifPresent(config::setMetricsTrackerFactory);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .javaMigrations(new OutboxCompressionMigration(), new IdentityCacheMigration())
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    Optional<H2FileCompaction> compaction =
        H2NewestState.isFileUrl(url)
            ? Optional.of(H2FileCompaction.withDefaults(dataSource))
            : Optional.empty();
    if (compactWhileOpen) {
      compaction.ifPresent(H2FileCompaction::start);
    }
    return new Database(dataSource, dialect, compaction, timeoutSeconds);
  }

  /**
   * An H2 file database is closed by {@link #close()}, after the server has drained, and never by
   * H2's own hook at JVM exit: that hook runs beside the server's shutdown hook, closes the store
   * under the draining server and skips the shutdown compaction.
   */
  static String ownClose(String url) {
    if (!H2NewestState.isFileUrl(url)
        || url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
      return url;
    }
    return url + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** Whether the store answers a trivial query within the store timeout. */
  public boolean isReachable() {
    try {
      return jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one())
          == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String renderFailure(StatementException failure) {
    return "statement: " + StoreFailures.statement(failure);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public Transactor transactor() {
    return transactor;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * The embedded file's size and an estimate of its live data; empty unless this is an H2 file
   * database.
   */
  public Optional<FileUsage> fileUsage() {
    return compaction.map(
        c -> {
          try {
            H2FileCompaction.Usage usage = c.usage();
            return new FileUsage(usage.fileBytes(), usage.liveBytes());
          } catch (SQLException e) {
            throw new IllegalStateException("could not read the H2 file's usage", e);
          }
        });
  }

  /** An embedded database file: its size on disk and about how much of it is live data. */
  public record FileUsage(long fileBytes, long liveBytes) {}

  /**
   * Closes the pool. An H2 file database is compacted first ({@code SHUTDOWN COMPACT}), so a clean
   * stop hands back the space that churn left in the file.
   *
   * <p>The compaction runs on a connection of its own, outside the pool, opened before the pool is
   * closed so that the database stays open in between: {@code SHUTDOWN} closes every connection to
   * it, and a pooled one would then be reset by the pool ({@code clearWarnings}) on a closed
   * database, which H2 reports as an error ("Database is already closed") in its trace file.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (compaction.isEmpty()) {
      dataSource.close();
      return;
    }
    compaction.get().close();
    try (Connection own = ownConnection()) {
      dataSource.close();
      try (Statement statement = own.createStatement()) {
        statement.execute("SHUTDOWN COMPACT");
      }
      log.info("compacted the H2 file at shutdown");
    } catch (SQLException e) {
      log.warn(
          "could not compact the H2 file at shutdown ({}); it is compacted at the next",
          e.getMessage());
    } finally {
      dataSource.close();
    }
  }

  private Connection ownConnection() throws SQLException {
    return DriverManager.getConnection(
        dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
  }
}
