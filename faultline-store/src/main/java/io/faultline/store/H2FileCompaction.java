package io.faultline.store;

import static java.util.Objects.requireNonNull;

import io.faultline.concurrent.Stopping;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file within a small multiple of its live data.
 *
 * <p>Why it is needed: every durable commit ({@code WRITE_DELAY=0}) writes a new MVStore chunk, and
 * H2 frees the space of superseded chunks only after its retention time and reuses it only when it
 * fits. Under Faultline's write pattern (outbox rows inserted and deleted, heartbeats, alarm
 * transitions: hundreds of small commits a second) the file grew to about 90 times its live data
 * and a restart did not give the space back.
 *
 * <p>What it does: each {@link #interval}, when the file is larger than {@link #ratio} times the
 * live data (estimated from H2's own fill rates) and larger than {@link #minimumFileBytes}, it asks
 * H2 to compact for at most {@link #maxPause}: live pages of sparse chunks are rewritten and chunks
 * moved so the file can be truncated. H2 holds its store lock meanwhile and moves up to 16 MB per
 * step whatever the pause asked, so commits can wait for hundreds of milliseconds (one webhook in a
 * hundred waited 600–800 ms at 100 events per second); that step is therefore taken only when the
 * store has been quiet (fewer than {@link #quietVersions} new versions since the last look), or
 * when the file has grown beyond twice the ratio. When it has not been quiet for {@link #maxWait},
 * a short rewrite step frees sparse chunks instead, without moving any. A clean close runs {@code
 * SHUTDOWN COMPACT} (see {@link Database#close()}).
 */
final class H2FileCompaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);

  /** Chunks fuller than this are left alone by a rewrite step. */
  private static final int REWRITE_FILL_RATE = 90;

  /** What one rewrite step writes at most. */
  private static final int REWRITE_BYTES = 1024 * 1024;

  /**
   * Beyond this multiple of {@link #ratio}, a busy store is compacted (and its commits wait) all
   * the same: a bounded file matters more than one pause. With the default ratio of 1.5 that is
   * three times the live estimate, the bound the embedded store promises.
   */
  private static final int RUNAWAY = 2;

  /** How long a close waits for a step under way. */
  private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

  private final DataSource dataSource;
  private final Duration interval;
  private final Duration maxPause;
  private final Duration maxWait;
  private final double ratio;
  private final long minimumFileBytes;
  private final long quietVersions;
  private final ScheduledExecutorService scheduler;
  private long lastVersion = -1;
  private long lastCompactionNanos = System.nanoTime();

  H2FileCompaction(
      DataSource dataSource,
      Duration interval,
      Duration maxPause,
      Duration maxWait,
      double ratio,
      long minimumFileBytes,
      long quietVersions) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.interval = requireNonNull(interval, "interval is null");
    this.maxPause = requireNonNull(maxPause, "maxPause is null");
    this.maxWait = requireNonNull(maxWait, "maxWait is null");
    this.ratio = ratio;
    this.minimumFileBytes = minimumFileBytes;
    this.quietVersions = quietVersions;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "h2-compaction");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The defaults of the embedded store: a look every second; when the file is over 1.5 times H2's
   * estimate of its live data (and over 4 MB), a step of at most 100 ms, at a quiet moment or at
   * least every 2 s, since a fleet's heartbeats leave no quiet moment. Under steady writes that
   * step is a short rewrite; the move that truncates the file (during which commits wait) waits for
   * a quiet moment, or for the file to pass twice the ratio (three times the live estimate) (see
   * {@link #tick}).
   *
   * <p>Why so tight: H2's estimate counts the live pages as they lie in the file, as full as the
   * B-tree left them, so it is close to, but above, the live data a dense copy of the file holds
   * (uncompressed, as {@link DatabaseSettings#h2FileUrl} writes it: 36.8 MB estimated against 35.8
   * MB measured after 30 minutes of steady load). A step every 20 s against twice that estimate let
   * the file drift to seven times the compressed copy a clean stop writes.
   */
  static H2FileCompaction withDefaults(DataSource dataSource) {
    return new H2FileCompaction(
        dataSource,
        Duration.ofSeconds(1),
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        1.5,
        4L * 1024 * 1024,
        5);
  }

  void start() {
    long period = interval.toMillis();
    ScheduledFuture<?> unused =
        scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** What the file holds now, as H2 sees it. */
  record Usage(long fileBytes, long liveBytes) {}

  /** The file's size and an estimate of its live data, from H2's fill rates. */
  Usage usage() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return usage(mvStore(connection));
    }
  }

  private static Usage usage(MVStore store) {
    var fileStore = store.getFileStore();
    long fileBytes = fileStore.size();
    // Fill rate: the share of the file that chunks take; chunks fill rate: live pages in them.
    double live = (fileStore.getFillRate() / 100.0) * (fileStore.getChunksFillRate() / 100.0);
    return new Usage(fileBytes, (long) (fileBytes * live));
  }

  /** One look: compacts when the file has outgrown its live data and the moment is right. */
  boolean tick() {
    try (Connection connection = dataSource.getConnection()) {
      MVStore store = mvStore(connection);
      long version = store.getCurrentVersion();
      boolean quiet = lastVersion >= 0 && version - lastVersion < quietVersions;
      lastVersion = version;
      Usage before = usage(store);
      boolean overgrown =
          before.fileBytes() > minimumFileBytes && before.fileBytes() > ratio * before.liveBytes();
      boolean overdue = System.nanoTime() - lastCompactionNanos > maxWait.toNanos();
      if (!overgrown || !(quiet || overdue)) {
        return false;
      }
      boolean runaway = before.fileBytes() > RUNAWAY * ratio * before.liveBytes();
      if (quiet || runaway) {
        // Moves chunks and truncates the file under H2's store lock: a step moves up to 16 MB
        // whatever the pause asked, so commits can wait far longer than maxPause.
        store.compactFile((int) maxPause.toMillis());
      } else {
        // Busy: only rewrites the live pages of sparse chunks, a little at a time (the lock is
        // taken only if free), so their space is freed and reused and the file stops growing; it
        // is truncated at the next quiet moment or at a clean stop.
        store.compact(REWRITE_FILL_RATE, REWRITE_BYTES);
      }
      lastCompactionNanos = System.nanoTime();
      log.debug(
          "compacted the H2 file: {} bytes, about {} live; now {} bytes",
          before.fileBytes(),
          before.liveBytes(),
          store.getFileStore().size());
      return true;
    } catch (SQLException | RuntimeException e) {
      // Compaction is housekeeping: a failed step is tried again at the next look.
      log.warn("H2 file compaction failed; it is tried again in {}", interval, e);
      return false;
    }
  }

  static MVStore mvStore(Connection connection) throws SQLException {
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    return session.getDatabase().getStore().getMvStore();
  }

  /**
   * Stops the looks, letting a step under way finish: interrupting it would close H2's file channel
   * under the store (see {@link Stopping}).
   */
  @Override
  public void close() {
    Stopping.withoutInterrupt(
        scheduler,
        CLOSE_WAIT,
        () -> log.warn("an H2 compaction step still runs after {}; closing beside it", CLOSE_WAIT));
  }
}
