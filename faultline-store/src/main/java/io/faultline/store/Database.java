package io.faultline.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.faultline.tx.Transactor;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The relational store: a connection pool over H2 (embedded, the default) or PostgreSQL, migrated
 * by Flyway at open. The same migrations serve both.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final JdbiTransactor transactor;
  private final Dialect dialect;

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

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
    this.transactor = new JdbiTransactor(jdbi);
  }

  /** Opens the pool and migrates the schema to the newest version. */
  public static Database open(DatabaseSettings settings) {
    requireNonNull(settings, "settings is null");
    Dialect dialect = Dialect.of(settings.url());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setPoolName("faultline");
    config.setAutoCommit(true);
    config.setInitializationFailTimeout(settings.connectTimeoutMillis());
    config.setConnectionTimeout(settings.connectTimeoutMillis());
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource, dialect);
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

  @Override
  public void close() {
    dataSource.close();
  }
}
