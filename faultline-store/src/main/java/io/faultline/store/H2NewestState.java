package io.faultline.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before an embedded H2 file is opened, makes its store header name the newest complete state in
 * the file, so that no commit acknowledged before a crash is lost when H2 opens it.
 *
 * <p>Why it is needed: H2 2.5 writes the store header, which recovery after a crash starts from,
 * before it takes the chunk just written as the newest, so the header names the chunk before it.
 * When that chunk went into reused space (H2 writes the header then, as the chunk is not where the
 * previous one predicted), recovery follows the header to the older chunk, finds nothing after it,
 * and opens the older state: the chunk and every commit chained after it are gone. After an online
 * compaction that happens at almost every commit ({@code H2FileCompactionTest}).
 *
 * <p>What it does, reading before it writes anything ({@link Outcome} names each ending):
 *
 * <ol>
 *   <li>A file whose two header blocks are the same and say it was closed cleanly is left alone.
 *   <li>It opens the file read-only as H2 would; a file H2 cannot open is left for H2's own open to
 *       report.
 *   <li>It opens the file read-only in H2's recovery mode, which scans every block for the newest
 *       chunk whose state is complete. If that is the state H2 would open, the file is left alone.
 *   <li>If the file holds a newer complete state, a copy of the file is opened in recovery mode and
 *       closed, which writes a header naming that state. The copy replaces the file only if, opened
 *       strictly as H2 would, it is that very state (the pass wrote no chunk of its own), its chunk
 *       list and map list read without error, the pass cut no listed chunk off the end of the file,
 *       and the file is unchanged and open nowhere else. Otherwise the file is left as it was, with
 *       an error logged: H2 then opens the older state, as it would without this class.
 * </ol>
 *
 * <p>Why a copy, checked strictly: recovery mode reads a page it cannot parse as an empty one. A
 * newest chunk with a damaged page of the chunk list was read as a store with no chunks, and
 * closing it wrote a new empty state over live data at the start of the file: H2 then opened an
 * empty database where, without the pass, it refused to open a damaged one ({@code
 * H2NewestStateTest}). The check covers the chunk list and the map list, which the pass reads;
 * table pages are not read by the pass and not checked: a damaged table page of the newest state is
 * found when H2 reads it, as it would be had H2's header named that state.
 *
 * <p>Cost, measured with the file in the page cache: after a clean stop, reading its header (3 ms
 * with a 68 MB file); after a crash, a read-only open (which itself scans the file when H2's quick
 * recovery fails) and one scan of the file (0.3–0.6 s for 68 MB, 1.1 s for 120 MB, 1.8 s for 450
 * MB); and when the header lags, a copy of the file (free disk space for it) and a second scan (the
 * whole restore: 0.5–1.0 s for 86 MB, 8.5–16 s for 1.3 GB).
 */
final class H2NewestState {
  private static final Logger log = LoggerFactory.getLogger(H2NewestState.class);
  private static final String FILE_PREFIX = "file:";

  /** A path H2 takes as a file: from home, relative with a dot, absolute, or a Windows drive. */
  private static final Pattern EXPLICIT_PATH =
      Pattern.compile("~|\\.{1,2}[/\\\\]|/|[A-Za-z]:[/\\\\]");

  private static final int HEADER_BLOCK = 4096;

  /** How {@link #restore} ended. */
  enum Outcome {
    /** No file yet. */
    ABSENT,
    /** Closed cleanly: its header names its newest state; not scanned. */
    CLOSED_CLEANLY,
    /** H2 cannot open or scan it read-only; left for H2's own open. */
    UNREADABLE,
    /** Not closed cleanly, and H2 opens its newest complete state already. */
    CURRENT,
    /** Its header now names the newest complete state, newer than H2 would have opened. */
    RESTORED,
    /** It holds a newer state that could not be restored safely; H2 opens the older one. */
    KEPT_OLDER
  }

  private H2NewestState() {}

  /**
   * Whether a JDBC URL names an embedded H2 file: {@code jdbc:h2:file:PATH}, or a path right after
   * {@code jdbc:h2:} ({@code ~/…}, {@code ./…}, {@code ../…}, {@code /…}, {@code C:/…}), which H2
   * opens the same way. Not in memory ({@code mem:}), not a server ({@code tcp:}, {@code ssl:}),
   * not another of H2's file systems ({@code zip:}, {@code nio:}, …). H2's driver takes the prefix
   * in lower case only, and so does this.
   */
  static boolean isFileUrl(String url) {
    return path(url).isPresent();
  }

  /** The database path of an embedded H2 file URL, without its settings. */
  private static Optional<String> path(String url) {
    String prefix = "jdbc:h2:";
    if (!url.startsWith(prefix)) {
      return Optional.empty();
    }
    String name = url.substring(prefix.length());
    int settings = name.indexOf(';');
    if (settings >= 0) {
      name = name.substring(0, settings);
    }
    if (name.startsWith(FILE_PREFIX)) {
      return Optional.of(name.substring(FILE_PREFIX.length()));
    }
    return EXPLICIT_PATH.matcher(name).lookingAt() ? Optional.of(name) : Optional.empty();
  }

  /** The {@code .mv.db} file of an embedded H2 file URL, if it names one. */
  static Optional<Path> file(String url) {
    Optional<String> path = path(url);
    if (path.isEmpty()
        || path.get().isBlank()
        || url.toUpperCase(Locale.ROOT).contains(";CIPHER=")) {
      return Optional.empty(); // an encrypted file cannot be opened without its key here
    }
    String name = path.get();
    if (name.startsWith("~")) {
      name = System.getProperty("user.home") + name.substring(1);
    }
    return Optional.of(Path.of(name + ".mv.db").normalize());
  }

  /** Points the file's header at its newest complete state when H2 would open an older one. */
  static Outcome restore(Path file) {
    if (!Files.isRegularFile(file)) {
      return Outcome.ABSENT;
    }
    long started = System.nanoTime();
    boolean headerCopiesAgree;
    try {
      headerCopiesAgree = headerCopiesAgree(file);
    } catch (IOException e) {
      log.warn(
          "cannot read the header of {} ({}); H2's own open will report it", file, e.toString());
      return Outcome.UNREADABLE;
    }
    long opened;
    try (MVStore store = readOnly(file, false)) {
      // A power loss can tear the header's write, leaving one copy old and one new; H2 then
      // treats the file as not closed cleanly, and so does this.
      if (headerCopiesAgree && store.getStoreHeader().containsKey("clean")) {
        log.info("{} was closed cleanly", file);
        return Outcome.CLOSED_CLEANLY;
      }
      opened = store.getCurrentVersion();
    } catch (RuntimeException e) {
      log.warn("cannot read {} ({}); H2's own open will report it", file, e.getMessage());
      return Outcome.UNREADABLE;
    }
    long newest;
    try (MVStore store = readOnly(file, true)) {
      newest = store.getCurrentVersion();
    } catch (RuntimeException e) {
      log.warn("cannot scan {} ({}); H2 opens version {}", file, e.getMessage(), opened);
      return Outcome.UNREADABLE;
    }
    if (newest <= opened) {
      log.info(
          "{} was not closed cleanly; H2 opens its newest complete state (version {}), found in {}"
              + " ms",
          file,
          opened,
          millisSince(started));
      return Outcome.CURRENT;
    }
    Optional<String> failure = replaceWithNewest(file, newest);
    if (failure.isPresent()) {
      log.error(
          "{} holds a newer complete state (version {}) than H2 would open (version {}), but it"
              + " cannot be restored: {}. H2 opens version {}; the commits after it are lost",
          file,
          newest,
          opened,
          failure.get(),
          opened);
      return Outcome.KEPT_OLDER;
    }
    log.warn(
        "{} holds a newer complete state (version {}) than its header led H2 to (version {}): its"
            + " header now names version {} ({} ms)",
        file,
        newest,
        opened,
        newest,
        millisSince(started));
    return Outcome.RESTORED;
  }

  /** Whether the two copies of the file's store header, its first two blocks, are the same. */
  private static boolean headerCopiesAgree(Path file) throws IOException {
    byte[] blocks = new byte[2 * HEADER_BLOCK];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(blocks, 0, blocks.length) == blocks.length
          && Arrays.equals(blocks, 0, HEADER_BLOCK, blocks, HEADER_BLOCK, 2 * HEADER_BLOCK);
    }
  }

  /**
   * Gives a copy of the file a header naming {@code newest}, checks it, and moves it over the file;
   * what stopped it, if anything did. The file is written only by that move.
   */
  private static Optional<String> replaceWithNewest(Path file, long newest) {
    Path directory = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    Path copy = null;
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(directory, name + ".*.newest")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover); // from a restore a crash cut short
      }
      copy = Files.createTempFile(directory, name + ".", ".newest");
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Files.copy(file, copy, REPLACE_EXISTING);
      new MVStore.Builder()
          .fileName(copy.toString())
          .recoveryMode()
          .autoCommitDisabled() // no background writer
          .open()
          .close();
      Optional<String> flaw = flaw(copy, newest);
      if (flaw.isPresent()) {
        return flaw;
      }
      force(copy);
      try (FileChannel original = FileChannel.open(file, StandardOpenOption.WRITE);
          FileLock lock = original.tryLock()) {
        if (lock == null) {
          return Optional.of("another process has the file open");
        }
        if (!Files.getLastModifiedTime(file).equals(modified) || Files.size(file) != size) {
          return Optional.of("the file changed while its copy was checked");
        }
        Files.move(copy, file, REPLACE_EXISTING, ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException | AssertionError e) {
      // AssertionError: with assertions on, H2 checks its own writes as the pass closes the copy
      // (an orphaned chunk, written from a chunk list read as empty).
      return Optional.of(e.toString());
    } finally {
      deleteQuietly(copy);
    }
    try {
      force(directory);
    } catch (IOException e) {
      log.warn("cannot sync the directory {} after the restore: {}", directory, e.toString());
    }
    return Optional.empty();
  }

  /**
   * Why the copy whose header recovery mode rewrote cannot stand for the file, if it cannot. It is
   * read strictly, as H2 opens a file, so a damaged page fails here instead of reading as empty.
   */
  private static Optional<String> flaw(Path copy, long newest) throws IOException {
    long size = Files.size(copy);
    try (MVStore store = readOnly(copy, false)) {
      if (store.getCurrentVersion() != newest) {
        return Optional.of(
            "recovery wrote version " + store.getCurrentVersion() + " instead of naming it");
      }
      long blockSize =
          DataUtils.parseHexLong(String.valueOf(store.getStoreHeader().get("blockSize")));
      for (Map.Entry<String, String> entry : store.getLayoutMap().entrySet()) {
        if (entry.getKey().startsWith("chunk.")) {
          Map<String, String> chunk = DataUtils.parseMap(entry.getValue());
          long end =
              (DataUtils.parseHexLong(chunk.get("block"))
                      + DataUtils.parseHexLong(chunk.get("len")))
                  * blockSize;
          if (end > size) {
            return Optional.of(entry.getKey() + " ends past the end of the file");
          }
        }
      }
      long maps = 0;
      for (String ignored : store.getMetaMap().keySet()) { // reads every page of the map list
        maps++;
      }
      if (maps != store.getMetaMap().size()) {
        return Optional.of(
            "the map list holds " + store.getMetaMap().size() + " entries, read " + maps);
      }
    } catch (RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
    return Optional.empty();
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", path, e.getMessage());
    }
  }

  /** The file opened read-only: strictly as H2 opens it, or in recovery mode (a scan). */
  static MVStore readOnly(Path file, boolean recovery) {
    MVStore.Builder builder = new MVStore.Builder().fileName(file.toString()).readOnly();
    return (recovery ? builder.recoveryMode() : builder).open();
  }

  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
