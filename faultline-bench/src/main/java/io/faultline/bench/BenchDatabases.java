package io.faultline.bench;

import io.faultline.store.DatabaseSettings;
import io.faultline.store.JdbiOutbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;

/** What the store benchmarks share: the engines, the outbox wait, percentiles and clean-up. */
final class BenchDatabases {
  private BenchDatabases() {}

  /**
   * A benchmark's database, as {@link #open} made it; closing it deletes it: the H2 directory, or
   * the PostgreSQL schema with everything in it.
   */
  record Scratch(DatabaseSettings settings, Path directory, Optional<ScratchSchema> schema)
      implements AutoCloseable {
    @Override
    public void close() throws IOException, SQLException {
      try {
        if (schema.isPresent()) {
          schema.get().close();
        }
      } finally {
        deleteRecursively(directory);
      }
    }
  }

  /**
   * {@code h2}: a durable H2 file in a new temporary directory, as the embedded default writes it;
   * {@code h2-compressed}: the same with compressed pages; {@code postgres}: a fresh schema in the
   * local PostgreSQL ({@code FAULTLINE_BENCH_PG_URL}, default database {@code test}).
   */
  static Scratch open(String engine) throws IOException, SQLException {
    Path directory = Files.createTempDirectory("faultline-bench");
    return switch (engine) {
      case "h2" ->
          new Scratch(h2(DatabaseSettings.h2FileUrl(directory)), directory, Optional.empty());
      case "h2-compressed" ->
          new Scratch(
              h2(DatabaseSettings.h2FileUrl(directory) + ";COMPRESS=TRUE"),
              directory,
              Optional.empty());
      case "postgres" -> {
        try {
          ScratchSchema schema = ScratchSchema.create("bench_");
          yield new Scratch(
              new DatabaseSettings(
                  schema.url(), Optional.of("postgres"), Optional.empty(), 4, 10_000),
              directory,
              Optional.of(schema));
        } catch (SQLException e) {
          deleteRecursively(directory);
          throw e;
        }
      }
      default -> {
        deleteRecursively(directory);
        throw new IllegalArgumentException(
            "engine must be h2, h2-compressed or postgres: " + engine);
      }
    };
  }

  private static DatabaseSettings h2(String url) {
    return new DatabaseSettings(url, Optional.empty(), Optional.empty(), 4, 10_000);
  }

  /**
   * The relay deletes published batches in the background; waiting for the previous iteration's
   * clean-up keeps it from competing with the next timed one for the 2 cores.
   */
  static void awaitOutboxDrained(JdbiOutbox outbox) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!outbox.pending(1).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static void deleteRecursively(Path directory) throws IOException {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
