package io.faultline.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.TestServer;
import io.faultline.server.config.FaultlineConfig;
import io.faultline.server.config.ServerConfig;
import io.faultline.server.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's files hold credential hashes: owner-only. The listener is local-only. */
class DataDirectoryTest {
  @TempDir Path temporary;

  @Test
  void theDataDirectoryIsOwnerOnly() throws Exception {
    Path data = temporary.resolve("nested").resolve("data");
    FaultlineConfig config =
        TestServer.testConfig().withStore(new StoreConfig(data.toString(), null, null, null, 4));
    try (TestServer server = TestServer.start(config, InstantSource.system())) {
      server.adminToken();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
          .isEqualTo("rwx------");
      Path database = data.resolve("faultline.mv.db");
      assertThat(database).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void theDefaultBindAddressIsLoopback() {
    assertThat(ServerConfig.defaults().host()).isEqualTo("127.0.0.1");
  }
}
