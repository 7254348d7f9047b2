package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.compute.ComputeSettings;
import io.faultline.compute.VmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeConfigTest {
  @TempDir Path directory;

  private FaultlineConfig load(String yaml) throws IOException {
    Path file = directory.resolve("faultline.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(Optional.of(file), Map.of());
  }

  @Test
  void defaultsMatchNova() {
    ComputeSettings settings = ComputeConfig.defaults().settings();
    assertThat(settings).isEqualTo(ComputeSettings.DEFAULTS);
    assertThat(settings.serviceDownTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.hostDownVmState()).isEqualTo(VmState.STOPPED);
    assertThat(settings.evacuateRequiresForcedDown()).isTrue();
  }

  @Test
  void readsKebabCaseKeys() throws IOException {
    ComputeSettings settings =
        load("""
                compute:
                  service-down-time: PT5S
                  host-down-vm-state: error
                  evacuate-requires-forced-down: false
                  default-vcpus: 8
                  default-memory-mb: 16384
                """)
            .compute()
            .settings();
    assertThat(settings)
        .isEqualTo(new ComputeSettings(Duration.ofSeconds(5), VmState.ERROR, false, 8, 16_384));
  }

  @Test
  void invalidValuesAndUnknownKeysFailNamingTheKey() {
    assertThatThrownBy(() -> load("compute:\n  host-down-vm-state: paused\n"))
        .hasMessageContaining("compute.host-down-vm-state");
    assertThatThrownBy(() -> load("compute:\n  service-down-time: PT0S\n"))
        .hasMessageContaining("compute.service-down-time");
    assertThatThrownBy(() -> load("compute:\n  host-down-state: error\n"))
        .hasMessageContaining("host-down-state");
  }
}
