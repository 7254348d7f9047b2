package io.faultline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which URLs name a file whose newest state is found before it is opened. */
class H2NewestStateTest {
  @TempDir Path directory;

  @Test
  void anEmbeddedFileUrlNamesItsStoreFile() {
    assertThat(H2NewestState.file(DatabaseSettings.h2FileUrl(directory)))
        .contains(directory.toAbsolutePath().resolve("faultline.mv.db"));
    assertThat(H2NewestState.file("jdbc:h2:file:~/fl/db;WRITE_DELAY=0"))
        .contains(Path.of(System.getProperty("user.home") + "/fl/db.mv.db"));
  }

  @Test
  void otherUrlsNameNone() {
    assertThat(H2NewestState.file(DatabaseSettings.h2InMemory("x").url())).isEmpty();
    assertThat(H2NewestState.file("jdbc:postgresql://127.0.0.1:5432/faultline")).isEmpty();
    assertThat(H2NewestState.file("jdbc:h2:file:/tmp/x;CIPHER=AES")).isEmpty();
  }

  @Test
  void aFileNotYetCreatedIsLeftAlone() {
    Path file = directory.resolve("faultline.mv.db");
    H2NewestState.restore(file);
    assertThat(Files.exists(file)).isFalse();
  }
}
