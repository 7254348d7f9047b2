package io.faultline.server.demo;

import io.faultline.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A directory for a run's durable H2 database, removed with everything in it afterwards. */
final class TemporaryDirectory implements AutoCloseable {
  private final Path path;

  TemporaryDirectory(String prefix) throws IOException {
    this.path = Files.createTempDirectory(prefix);
  }

  /** A durable H2 file database here: every commit is on disk before it returns. */
  Path path() {
    return path;
  }

  String h2Url() {
    return DatabaseSettings.h2FileUrl(path);
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }
}
