package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path directory;

  private Path file(String yaml) throws IOException {
    Path file = directory.resolve("faultline.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void defaultsNeedNoFile() {
    FaultlineConfig config = ConfigLoader.load(Optional.empty(), Map.of());
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.store().dataDir()).isEqualTo("./data");
    assertThat(config.store().databaseSettings().url()).startsWith("jdbc:h2:file:");
    assertThat(config.identity().tokenExpiration()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void fileThenEnvironment() throws IOException {
    Path file =
        file(
            """
            server:
              port: 9000
              public-url: http://cloud.example:9000
            identity:
              token-expiration: PT2H
            """);
    FaultlineConfig config =
        ConfigLoader.load(
            Optional.of(file),
            Map.of(
                "FAULTLINE_PORT", "9100",
                "FAULTLINE_DB_URL", "jdbc:postgresql://127.0.0.1/faultline",
                "FAULTLINE_ADMIN_PASSWORD", "pw",
                "FAULTLINE_DATA_DIR", "/var/lib/faultline"));
    assertThat(config.server().port()).isEqualTo(9100);
    assertThat(config.server().publicUrl()).isEqualTo("http://cloud.example:9000");
    assertThat(config.identity().tokenExpiration()).isEqualTo(Duration.ofHours(2));
    assertThat(config.identity().adminPasswordIfSet()).contains("pw");
    assertThat(config.store().databaseSettings().url()).startsWith("jdbc:postgresql:");
    assertThat(config.store().dataDir()).isEqualTo("/var/lib/faultline");
  }

  @Test
  void configFileNamedByEnvironment() throws IOException {
    Path file = file("server: {port: 7000}\n");
    assertThat(
            ConfigLoader.load(Optional.empty(), Map.of("FAULTLINE_CONFIG", file.toString()))
                .server()
                .port())
        .isEqualTo(7000);
  }

  @Test
  void unknownKeysFailNamingTheKey() throws IOException {
    Path file = file("server:\n  prot: 9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("server.prot");
    Path section = file("severs: {}\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(section), Map.of()))
        .hasMessageContaining("severs");
  }

  @Test
  void invalidValuesFailNamingTheKey() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("FAULTLINE_PORT", "http")))
        .hasMessageContaining("server.port");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("FAULTLINE_PORT", "70000")))
        .hasMessageContaining("server.port");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of("FAULTLINE_DB_URL", "jdbc:mysql://x")))
        .hasMessageContaining("store.url");
    Path file = file("identity: {token-expiration: soon}\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("identity.token-expiration");
  }

  @Test
  void missingFileFails() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.of(directory.resolve("absent.yaml")), Map.of()))
        .hasMessageContaining("absent.yaml");
  }
}
