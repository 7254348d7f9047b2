package io.faultline.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * <p>What it does, reading before it writes anything:
 *
 * <ol>
 *   <li>It opens the file read-only as H2 would. A file closed cleanly has a header that names its
 *       newest state, and is left alone; so is a file H2 cannot open, for H2's own open to report.
 *   <li>Otherwise it opens the file read-only in H2's recovery mode, which scans every block for
 *       the newest chunk whose state is complete. If that is the state the header names, the file
 *       is left alone.
 *   <li>If the file holds a newer complete state than its header names, a copy of the file is
 *       opened in recovery mode and closed, which writes a header naming that state. The copy
 *       replaces the file only if, opened strictly as H2 would, it is that very state (the pass
 *       wrote no chunk of its own), its chunk list and map list read without error, and the pass
 *       cut no listed chunk off the end of the file. Otherwise the file is left as it was, with an
 *       error logged: H2 then opens the state its header names, as it would without this class.
 * </ol>
 *
 * <p>Why a copy, checked strictly: recovery mode reads a page it cannot parse as an empty one. A
 * newest chunk with a damaged page of the chunk list was read as a store with no chunks, and
 * closing it wrote a new empty state over live data at the start of the file: H2 then opened an
 * empty database where, without the pass, it refused to open a damaged one ({@code
 * H2NewestStateTest}).
 *
 * <p>Cost, measured with the file in the page cache: after a clean stop, a read-only open (3 ms for
 * a 68 MB file); after a crash, also one scan of the file (0.3–0.5 s for 68 MB, 1.1 s for 120 MB,
 * 1.8 s for 450 MB); and when the header lags, a copy of the file (free disk space for it) and a
 * second scan.
 */
final class H2NewestState {
  private static final Logger log = LoggerFactory.getLogger(H2NewestState.class);
  private static final String URL_PREFIX = "jdbc:h2:file:";

  private H2NewestState() {}

  /** Whether a JDBC URL names an embedded H2 file (H2's driver takes its prefix in lower case). */
  static boolean isFileUrl(String url) {
    return url.startsWith(URL_PREFIX);
  }

  /** The {@code .mv.db} file of an {@code jdbc:h2:file:} URL, if it names one. */
  static Optional<Path> file(String url) {
    if (!isFileUrl(url)) {
      return Optional.empty();
    }
    String name = url.substring(URL_PREFIX.length());
    int settings = name.indexOf(';');
    if (settings >= 0) {
      name = name.substring(0, settings);
    }
    if (name.startsWith("~")) {
      name = System.getProperty("user.home") + name.substring(1);
    }
    if (name.isBlank() || url.toUpperCase(Locale.ROOT).contains(";CIPHER=")) {
      return Optional.empty(); // an encrypted file cannot be opened without its key here
    }
    return Optional.of(Path.of(name + ".mv.db").normalize());
  }

  /** Points the file's header at its newest complete state; does nothing if it does not exist. */
  static void restore(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    long started = System.nanoTime();
    long named;
    try (MVStore store = readOnly(file, false)) {
      named = store.getCurrentVersion();
      if (store.getStoreHeader().containsKey("clean")) {
        log.info("{} was closed cleanly (version {})", file, named);
        return;
      }
    } catch (RuntimeException e) {
      log.warn("cannot read {} ({}); H2's own open will report it", file, e.getMessage());
      return;
    }
    long newest;
    try (MVStore store = readOnly(file, true)) {
      newest = store.getCurrentVersion();
    } catch (RuntimeException e) {
      log.warn("cannot scan {} ({}); H2 opens version {}", file, e.getMessage(), named);
      return;
    }
    if (newest <= named) {
      log.info(
          "{} was not closed cleanly; its header names its newest state (version {}), found in {} ms",
          file,
          named,
          millisSince(started));
      return;
    }
    Path copy = file.resolveSibling(file.getFileName() + ".newest");
    try {
      Files.copy(file, copy, REPLACE_EXISTING);
      new MVStore.Builder()
          .fileName(copy.toString())
          .recoveryMode()
          .autoCommitDisabled() // no background writer
          .open()
          .close();
      Optional<String> flaw = flaw(copy, newest);
      if (flaw.isPresent()) {
        log.error(
            "{} holds a newer state (version {}) than its header names (version {}), but it cannot"
                + " be restored: {}. H2 opens version {}; commits after it are lost",
            file,
            newest,
            named,
            flaw.get(),
            named);
        return;
      }
      force(copy);
      Files.move(copy, file, REPLACE_EXISTING, ATOMIC_MOVE);
      force(file.toAbsolutePath().getParent());
      log.warn(
          "the header of {} named version {} but the file holds version {}, complete: its header"
              + " now names version {} ({} ms)",
          file,
          named,
          newest,
          newest,
          millisSince(started));
    } catch (IOException | RuntimeException | AssertionError e) {
      // AssertionError: with assertions on, H2 checks its own writes as the pass closes the copy
      // (an orphaned chunk, written from a chunk list read as empty), and the copy is dropped.
      log.error(
          "cannot restore the newest state (version {}) of {}: {}. H2 opens version {}",
          newest,
          file,
          e.toString(),
          named);
    } finally {
      try {
        Files.deleteIfExists(copy);
      } catch (IOException e) {
        log.warn("cannot delete {}: {}", copy, e.getMessage());
      }
    }
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

  private static MVStore readOnly(Path file, boolean recovery) {
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
