package io.faultline.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded database's directory. It holds password and token hashes, so only the owner may
 * enter it (0700) and read its files (0600), whatever the process umask is.
 */
final class DataDirectory {
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /** Creates the directory (and missing parents) owner-only; an existing one is left as it is. */
  static void create(Path directory) {
    try {
      if (Files.isDirectory(directory)) {
        return;
      }
      if (posix()) {
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        // The umask can take bits away from the attribute above; set them exactly.
        Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
      } else {
        Files.createDirectories(directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + directory, e);
    }
  }

  /** Makes the database's files (faultline.mv.db, its trace and lock files) owner-only. */
  static void restrictFiles(Path directory) {
    if (!posix()) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().startsWith("faultline.")) {
          Files.setPosixFilePermissions(file, OWNER_FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the files of " + directory, e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
