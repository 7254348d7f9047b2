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
   * every commit written to disk before it returns ({@code WRITE_DELAY=0}).
   *
   * <p>Its pages are written uncompressed. With {@code COMPRESS=TRUE} the file takes about half the
   * disk, but H2 then splits pages at 64 KB instead of 4 KB and compresses every page a commit
   * rewrites: most of a commit's CPU, and 10–25 % of the fault loop's latency (docs/benchmarks.md).
   * H2's estimate of the live data, which the background compaction steers by, is the live data's
   * uncompressed size either way. An operator who prefers the disk gives a URL of their own with
   * {@code ;COMPRESS=TRUE}; the compaction works the same.
   */
  public static String h2FileUrl(Path dataDirectory) {
    return "jdbc:h2:file:"
        + dataDirectory.toAbsolutePath().resolve("faultline")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
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
