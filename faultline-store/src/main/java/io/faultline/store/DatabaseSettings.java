package io.faultline.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/** Where the store is and how to reach it. */
public record DatabaseSettings(
    String url,
    Optional<String> user,
    Optional<String> password,
    int maxPoolSize,
    long connectTimeoutMillis) {
  public DatabaseSettings {
    requireNonNull(url, "url is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be positive: " + maxPoolSize);
    }
  }

  /**
   * The embedded default: an H2 file database under {@code dataDirectory}, in PostgreSQL mode, with
   * every commit written to disk before it returns ({@code WRITE_DELAY=0}), and its pages written
   * compressed ({@code COMPRESS=TRUE}): the file then holds its live data about as densely as a
   * full rewrite would, and H2's estimate of the live data (what the background compaction steers
   * by) is close to the data itself.
   */
  public static String h2FileUrl(Path dataDirectory) {
    return "jdbc:h2:file:"
        + dataDirectory.toAbsolutePath().resolve("faultline")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;COMPRESS=TRUE";
  }

  /** A private in-memory H2 database, for tests. */
  public static DatabaseSettings h2InMemory(String name) {
    return new DatabaseSettings(
        "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        Optional.empty(),
        Optional.empty(),
        4,
        10_000);
  }
}
