package io.faultline.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file under churn: it is given back online, and at a clean shutdown. */
class H2FileCompactionTest {
  private static final int ROW_CHARS = 2_000;

  @TempDir Path directory;

  @Test
  void aFileThatGrewUnderChurnIsReclaimedOnlineWhileWritesGoOn() throws Exception {
    try (HikariDataSource dataSource = pool(DatabaseSettings.h2FileUrl(directory))) {
      createChurnTable(dataSource);
      churn(dataSource, 3_000); // each commit an insert and a delete, as the outbox does
      Path file = directory.resolve("faultline.mv.db");
      long grown = Files.size(file);
      H2FileCompaction compaction =
          new H2FileCompaction(
              dataSource,
              Duration.ofSeconds(10),
              Duration.ofMillis(100),
              Duration.ZERO, // always overdue: the test decides the moment
              2.0,
              1024 * 1024,
              Long.MAX_VALUE);
      H2FileCompaction.Usage before = compaction.usage();
      assertThat(before.fileBytes()).isGreaterThan(3 * Math.max(before.liveBytes(), 1));

      // A writer keeps committing while the compaction runs; every one of its commits lands.
      ExecutorService writer = Executors.newSingleThreadExecutor();
      AtomicBoolean stop = new AtomicBoolean();
      Future<Integer> writes =
          writer.submit(
              () -> {
                int committed = 0;
                while (!stop.get() || committed < 50) {
                  churn(dataSource, 1);
                  committed++;
                }
                return committed;
              });
      boolean compacted = false;
      for (int step = 0; step < 20 && !compacted; step++) {
        compacted = compaction.tick() && Files.size(file) * 2 < grown;
      }
      stop.set(true);
      int committed = writes.get(2, TimeUnit.MINUTES);
      writer.shutdown();

      assertThat(compacted).as("the file was compacted online").isTrue();
      assertThat(committed).isGreaterThanOrEqualTo(50);
      H2FileCompaction.Usage after = compaction.usage();
      assertThat(after.fileBytes()).isLessThan(grown / 2);
      assertThat(rows(dataSource)).isZero();
    }
  }

  /**
   * What {@code kill -9} leaves is the file as the commits wrote it: a copy taken between commits
   * is that crash image. After the compaction has freed space in the middle of the file, commits
   * land there; each must be found when the image is opened as the store opens a file, its newest
   * state found first ({@link H2NewestState}). Opened by H2 alone, H2 2.5.250 and 2.5.252 lost 27
   * of these 30 commits (the store header names the chunk before the newest); H2 2.4.240 lost none.
   */
  @Test
  void everyCommitAfterACompactionIsInTheCrashImageOfTheFile() throws Exception {
    Path live = directory.resolve("live");
    List<Long> missing = new ArrayList<>();
    int markers = 0;
    int restored = 0;
    try (HikariDataSource dataSource = pool(DatabaseSettings.h2FileUrl(live))) {
      createChurnTable(dataSource);
      createKeptTable(dataSource);
      H2FileCompaction compaction = compactingAtEveryLook(dataSource);
      for (int round = 0; round < 10; round++) {
        churn(dataSource, 200);
        assertThat(compaction.tick()).as("round %d compacted", round).isTrue();
        for (int commit = 0; commit < 3; commit++) {
          long marker = insertKept(dataSource);
          markers++;
          Path image = directory.resolve("image-" + markers);
          Files.createDirectories(image);
          Files.copy(live.resolve("faultline.mv.db"), image.resolve("faultline.mv.db"));
          String url = DatabaseSettings.h2FileUrl(image);
          if (H2NewestState.restore(H2NewestState.file(url).orElseThrow())
              == H2NewestState.Outcome.RESTORED) {
            restored++;
          }
          try (HikariDataSource recovered = pool(url)) {
            if (!kept(recovered, marker)) {
              missing.add(marker);
            }
          }
        }
      }
    }
    assertThat(missing).as("commits missing from the crash image, of %d", markers).isEmpty();
    assertThat(restored).as("crash images whose header named an older state").isPositive();
  }

  /**
   * A crash image whose header names an older state than the newest complete one, with the newest
   * chunk's list of chunks damaged: recovery mode reads that page as empty. The file must be left
   * as it is, for H2 to open the state its header names, not overwritten from an empty list.
   */
  @Test
  void aDamagedNewestStateInACrashImageIsNotWrittenOver() throws Exception {
    Path image = directory.resolve("image").resolve("faultline.mv.db");
    long first = laggingCrashImage(image).first();
    long named = H2Damage.namedVersion(image);
    H2Damage.damageChunkList(image, H2Damage.newestVersion(image));
    Path damaged = Files.copy(image, directory.resolve("damaged"));

    assertThat(org.h2.mvstore.FileStore.class.desiredAssertionStatus())
        .as("H2's own assertions off, as in production: they would stop the write checked here")
        .isFalse();

    assertThat(H2NewestState.restore(image)).isEqualTo(H2NewestState.Outcome.KEPT_OLDER);

    assertThat(Files.mismatch(damaged, image)).as("the damaged image, restored").isEqualTo(-1L);
    assertThat(H2Damage.namedVersion(image)).isEqualTo(named);
    try (HikariDataSource recovered = pool(DatabaseSettings.h2FileUrl(image.getParent()))) {
      assertThat(kept(recovered, first)).as("a row of the state the header names").isTrue();
    }
  }

  /**
   * A crash image whose header lags, open in another process: the restore must not move its copy
   * over a file in use. A writer's exclusive lock (a running H2) stops even the read-only scan,
   * leaving H2's own open to report the lock; a reader's shared lock lets the scan and the check of
   * the copy run, and stops the move. Once the other process is gone, the same file is restored.
   */
  @Test
  void aCrashImageOpenInAnotherProcessIsLeftAsItIs() throws Exception {
    Path image = directory.resolve("image").resolve("faultline.mv.db");
    long last = laggingCrashImage(image).last();
    long named = H2Damage.namedVersion(image);
    long newest = H2Damage.newestVersion(image);
    Path before = Files.copy(image, directory.resolve("before"));

    try (LockHolder writer = LockHolder.lock(image, "LOCK_EX", "r+b")) {
      assertThat(H2NewestState.restore(image)).isEqualTo(H2NewestState.Outcome.UNREADABLE);
    }
    assertThat(Files.mismatch(before, image)).as("the image, write-locked").isEqualTo(-1L);
    try (LockHolder reader = LockHolder.lock(image, "LOCK_SH", "rb")) {
      assertThat(H2NewestState.restore(image)).isEqualTo(H2NewestState.Outcome.KEPT_OLDER);
    }
    assertThat(Files.mismatch(before, image)).as("the image, read-locked").isEqualTo(-1L);

    assertThat(H2NewestState.restore(image)).isEqualTo(H2NewestState.Outcome.RESTORED);
    assertThat(H2Damage.namedVersion(image)).isEqualTo(newest).isGreaterThan(named);
    try (HikariDataSource recovered = pool(DatabaseSettings.h2FileUrl(image.getParent()))) {
      assertThat(kept(recovered, last)).as("the row of the newest state's commit").isTrue();
    }
  }

  /**
   * Another process holding a POSIX record lock on a file until closed: Python's {@code lockf}
   * takes the same kind of lock as Java's {@code FileChannel.tryLock}, which H2 uses.
   */
  private record LockHolder(Process process) implements AutoCloseable {
    static LockHolder lock(Path file, String kind, String mode) throws IOException {
      Process process =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  """
                  import fcntl, sys
                  f = open(sys.argv[1], sys.argv[3])
                  fcntl.lockf(f, getattr(fcntl, sys.argv[2]))
                  print('locked', flush=True)
                  sys.stdin.read()
                  """,
                  file.toString(),
                  kind,
                  mode)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      LockHolder holder = new LockHolder(process);
      String said =
          new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8)).readLine();
      if (!"locked".equals(said)) {
        holder.close();
        throw new IllegalStateException("the lock holder did not lock " + file + ": " + said);
      }
      return holder;
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("the lock holder did not exit");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  @Test
  void aCleanShutdownCompactsAndTheDataSurvives() throws Exception {
    String url = DatabaseSettings.h2FileUrl(directory);
    DatabaseSettings settings =
        new DatabaseSettings(url, Optional.empty(), Optional.empty(), 4, 10_000);
    Path file = directory.resolve("faultline.mv.db");
    long grown;
    try (Database database = Database.open(settings)) {
      database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE kept(id INT PRIMARY KEY)"));
      database.jdbi().useHandle(handle -> handle.execute("INSERT INTO kept VALUES (42)"));
      try (HikariDataSource churnPool = pool(url)) {
        createChurnTable(churnPool);
        churn(churnPool, 2_000);
      }
      grown = Files.size(file);
      assertThat(database.fileUsage()).isPresent();
    }
    assertThat(Files.size(file)).isLessThan(grown / 2);
    try (Database reopened = Database.open(settings)) {
      int kept =
          reopened
              .jdbi()
              .withHandle(
                  handle -> handle.createQuery("SELECT id FROM kept").mapTo(Integer.class).one());
      assertThat(kept).isEqualTo(42);
    }
  }

  @Test
  void closingLetsAStepUnderWayFinishWithoutInterruptingIt() throws Exception {
    try (HikariDataSource dataSource = pool(DatabaseSettings.h2FileUrl(directory))) {
      createChurnTable(dataSource);
      churn(dataSource, 1_000);
      // The step's connection is held back until the close has begun, as a long step would be.
      CountDownLatch inStep = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      DataSource held =
          (DataSource)
              Proxy.newProxyInstance(
                  DataSource.class.getClassLoader(),
                  new Class<?>[] {DataSource.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && args == null) {
                      inStep.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        interrupted.set(true);
                        Thread.currentThread().interrupt();
                      }
                    }
                    try {
                      return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      Path file = directory.resolve("faultline.mv.db");
      long grown = Files.size(file);
      H2FileCompaction compaction =
          new H2FileCompaction(
              held, Duration.ofMillis(1), Duration.ofMillis(100), Duration.ZERO, 2.0, 1024, 0);
      compaction.start();
      assertThat(inStep.await(1, TimeUnit.MINUTES)).isTrue();

      Thread closer = Thread.ofPlatform().start(compaction::close);
      while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
        Thread.onSpinWait();
      }
      assertThat(closer.isAlive()).as("close waits for the step under way").isTrue();
      release.countDown();
      closer.join(TimeUnit.MINUTES.toMillis(1));

      assertThat(closer.isAlive()).isFalse();
      assertThat(interrupted).as("the step was interrupted").isFalse();
      // The step ran to its end on a store still open, and the file was compacted.
      assertThat(Files.size(file)).isLessThan(grown);
      churn(dataSource, 1);
      assertThat(rows(dataSource)).isZero();
    }
  }

  /** {@code jdbc:h2:/path} is the same embedded file as {@code jdbc:h2:file:/path} to H2. */
  @Test
  void aPathRightAfterJdbcH2IsTreatedAsTheEmbeddedFileItIs() {
    String url =
        "jdbc:h2:"
            + directory.toAbsolutePath().resolve("faultline")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
    try (Database database =
        Database.open(new DatabaseSettings(url, Optional.empty(), Optional.empty(), 4, 10_000))) {
      database.jdbi().useHandle(handle -> handle.execute("CREATE TABLE kept(id INT PRIMARY KEY)"));
      assertThat(database.fileUsage()).as("compacted while open").isPresent();
    }
    assertThat(H2NewestState.restore(directory.resolve("faultline.mv.db")))
        .as("closed by the store, not by H2's hook at exit")
        .isEqualTo(H2NewestState.Outcome.CLOSED_CLEANLY);
  }

  @Test
  void onlyAnEmbeddedFileReportsItsUsage() {
    try (Database memory = TestDatabases.h2()) {
      assertThat(memory.fileUsage()).isEmpty();
    }
  }

  /** Always quiet: every look moves chunks and truncates the file, freeing space for reuse. */
  private static H2FileCompaction compactingAtEveryLook(HikariDataSource dataSource) {
    return new H2FileCompaction(
        dataSource,
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        Duration.ZERO,
        1.0,
        0,
        Long.MAX_VALUE);
  }

  /**
   * Writes, at {@code image}, a copy of a live file taken between commits whose header names an
   * older state than its newest complete one, as H2 2.5 leaves after a crash.
   */
  private Markers laggingCrashImage(Path image) throws Exception {
    Path live = directory.resolve("live");
    Files.createDirectories(image.getParent());
    long first;
    long last = 0;
    boolean lagging = false;
    try (HikariDataSource dataSource = pool(DatabaseSettings.h2FileUrl(live))) {
      createChurnTable(dataSource);
      createKeptTable(dataSource);
      first = insertKept(dataSource);
      H2FileCompaction compaction = compactingAtEveryLook(dataSource);
      for (int round = 0; round < 10 && !lagging; round++) {
        churn(dataSource, 200);
        compaction.tick();
        last = insertKept(dataSource);
        Files.copy(live.resolve("faultline.mv.db"), image, StandardCopyOption.REPLACE_EXISTING);
        lagging = H2Damage.newestVersion(image) > H2Damage.namedVersion(image);
      }
    }
    assertThat(lagging).as("a crash image whose header names an older state").isTrue();
    return new Markers(first, last);
  }

  /** Rows of a crash image: one committed first, and the last commit before it was taken. */
  private record Markers(long first, long last) {}

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static void createChurnTable(HikariDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS churn(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
              + " payload VARCHAR(4000))");
    }
  }

  private static void churn(HikariDataSource dataSource, int commits) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO churn(payload) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        PreparedStatement delete = connection.prepareStatement("DELETE FROM churn WHERE id = ?")) {
      for (int i = 0; i < commits; i++) {
        insert.setString(1, Long.toHexString(System.nanoTime()).repeat(ROW_CHARS / 12));
        insert.executeUpdate();
        long id;
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
        delete.setLong(1, id);
        delete.executeUpdate();
      }
    }
  }

  private static void createKeptTable(HikariDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE kept(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)");
    }
  }

  /** Commits one row of {@code kept} and returns its id. */
  private static long insertKept(HikariDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO kept DEFAULT VALUES", Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = statement.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static boolean kept(HikariDataSource dataSource, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT COUNT(*) FROM kept WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet count = query.executeQuery()) {
        count.next();
        return count.getLong(1) == 1;
      }
    }
  }

  private static long rows(HikariDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM churn")) {
      count.next();
      return count.getLong(1);
    }
  }
}
