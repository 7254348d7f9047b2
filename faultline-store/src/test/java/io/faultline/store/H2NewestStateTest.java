package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which URLs name a file whose newest state is found before it is opened, and which files are left
 * as they are. The crash images whose header lags are in {@code H2FileCompactionTest}.
 */
class H2NewestStateTest {
  @TempDir Path directory;

  @Test
  void anEmbeddedFileUrlNamesItsStoreFile() {
    assertThat(H2NewestState.file(DatabaseSettings.h2FileUrl(directory)))
        .contains(directory.toAbsolutePath().resolve("faultline.mv.db"));
    assertThat(H2NewestState.file("jdbc:h2:file:~/fl/db;WRITE_DELAY=0"))
        .contains(Path.of(System.getProperty("user.home") + "/fl/db.mv.db"));
    // H2 opens a path right after jdbc:h2: as a file too.
    assertThat(H2NewestState.file("jdbc:h2:~/fl/db"))
        .contains(Path.of(System.getProperty("user.home") + "/fl/db.mv.db"));
    assertThat(H2NewestState.file("jdbc:h2:./data/faultline;MODE=PostgreSQL"))
        .contains(Path.of("data/faultline.mv.db"));
    assertThat(H2NewestState.file("jdbc:h2:../fl/db")).contains(Path.of("../fl/db.mv.db"));
    assertThat(H2NewestState.file("jdbc:h2:/var/lib/faultline/db"))
        .contains(Path.of("/var/lib/faultline/db.mv.db"));
    assertThat(H2NewestState.isFileUrl("jdbc:h2:/var/lib/faultline/db")).isTrue();
  }

  @Test
  void otherUrlsNameNone() {
    assertThat(H2NewestState.file(DatabaseSettings.h2InMemory("x").url())).isEmpty();
    assertThat(H2NewestState.file("jdbc:postgresql://127.0.0.1:5432/faultline")).isEmpty();
    assertThat(H2NewestState.file("jdbc:h2:file:/tmp/x;CIPHER=AES")).isEmpty();
    assertThat(H2NewestState.file("jdbc:h2:tcp://db.example/~/faultline")).isEmpty();
    assertThat(H2NewestState.file("jdbc:h2:zip:/tmp/backup.zip!/faultline")).isEmpty();
    assertThat(H2NewestState.file("jdbc:h2:nio:/tmp/faultline")).isEmpty();
    assertThat(H2NewestState.isFileUrl("jdbc:h2:mem:faultline")).isFalse();
  }

  @Test
  void aFileNotYetCreatedIsLeftAlone() {
    Path file = directory.resolve("faultline.mv.db");
    assertThat(H2NewestState.restore(file)).isEqualTo(H2NewestState.Outcome.ABSENT);
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void aFileClosedCleanlyIsNotScannedAndADamagedOneIsLeftForH2ToRefuse() throws Exception {
    String url = DatabaseSettings.h2FileUrl(directory);
    Path file =
        closedFile(
            url,
            "CREATE TABLE kept(id INT PRIMARY KEY, note VARCHAR(100))",
            "INSERT INTO kept SELECT \"X\", 'row ' || \"X\" FROM SYSTEM_RANGE(1, 1000)");
    Path closed = Files.copy(file, directory.resolve("closed"));
    assertThat(H2NewestState.restore(file)).isEqualTo(H2NewestState.Outcome.CLOSED_CLEANLY);
    assertThat(Files.mismatch(closed, file)).as("a cleanly closed file, restored").isEqualTo(-1L);

    H2Damage.damageChunkList(file, H2Damage.namedVersion(file));
    Path damaged = Files.copy(file, directory.resolve("damaged"));
    assertThat(H2NewestState.restore(file)).isEqualTo(H2NewestState.Outcome.UNREADABLE);

    // Recovery mode reads the damaged page as an empty chunk list; closing it once wrote a new,
    // empty state over the start of the file, and H2 opened an empty database.
    assertThat(Files.mismatch(damaged, file)).as("a damaged file, restored").isEqualTo(-1L);
    assertThatThrownBy(
            () -> {
              try (Connection connection = DriverManager.getConnection(url);
                  Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT COUNT(*) FROM kept").close();
              }
            })
        .as("H2 refuses the damaged file")
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("corrupted");
  }

  /** A power loss can tear the header's write: one block old, one new. That is not a clean stop. */
  @Test
  void aFileWhoseHeaderBlocksDifferIsScanned() throws Exception {
    Path file =
        closedFile(DatabaseSettings.h2FileUrl(directory), "CREATE TABLE kept(id INT PRIMARY KEY)");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, 2 * 4096 - 1); // the end of the second block's padding
      byte other = last.get(0) == ' ' ? (byte) '\n' : (byte) ' ';
      channel.write(ByteBuffer.wrap(new byte[] {other}), 2 * 4096 - 1);
    }

    assertThat(H2NewestState.restore(file)).isEqualTo(H2NewestState.Outcome.CURRENT);
  }

  /** Runs the statements on a new embedded file and closes it cleanly; the file. */
  private static Path closedFile(String url, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
    return H2NewestState.file(url).orElseThrow();
  }
}
