package io.faultline.server.config;

import io.faultline.store.DatabaseSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code store.*}: the database. Without a URL, an H2 file database under the data directory.
 *
 * @param dataDir data directory ({@code store.data-dir}, env {@code FAULTLINE_DATA_DIR})
 * @param url JDBC URL ({@code store.url}, env {@code FAULTLINE_DB_URL}); jdbc:postgresql: for PG
 * @param user database user ({@code store.user}, env {@code FAULTLINE_DB_USER})
 * @param password database password ({@code store.password}, env {@code FAULTLINE_DB_PASSWORD})
 * @param maxPoolSize connection pool size ({@code store.max-pool-size})
 * @param timeout seconds any wait on the store may last: a pooled connection, a new connection, a
 *     statement ({@code store.timeout}); past it a request gets a 503
 */
public record StoreConfig(
    String dataDir,
    String url,
    String user,
    String password,
    Integer maxPoolSize,
    Integer timeout) {
  public StoreConfig(
      String dataDir, String url, String user, String password, Integer maxPoolSize) {
    this(dataDir, url, user, password, maxPoolSize, null);
  }

  public StoreConfig {
    dataDir = dataDir == null || dataDir.isBlank() ? "./data" : dataDir;
    if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "store.url must be a jdbc:h2: or jdbc:postgresql: URL, not " + url);
    }
    maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("store.max-pool-size must be positive: " + maxPoolSize);
    }
    timeout = timeout == null ? 5 : timeout;
    if (timeout < 1 || timeout > 300) {
      throw new IllegalArgumentException("store.timeout must be 1 to 300 seconds: " + timeout);
    }
  }

  public static StoreConfig defaults() {
    return new StoreConfig(null, null, null, null, null, null);
  }

  public Path dataDirectory() {
    return Path.of(dataDir);
  }

  public DatabaseSettings databaseSettings() {
    String jdbcUrl = url == null ? DatabaseSettings.h2FileUrl(dataDirectory()) : url;
    return new DatabaseSettings(
        jdbcUrl,
        Optional.ofNullable(user),
        Optional.ofNullable(password),
        maxPoolSize,
        timeout * 1000L);
  }
}
