package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files under deploy/ name only real settings, with valid values. */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Pattern SETTING_LINE = Pattern.compile("(?m)^#(?=[a-z]|  )");

  @TempDir Path directory;

  @Test
  void everySettingOfTheCommentedConfigurationLoadsWhenUncommented() throws IOException {
    String commented = Files.readString(DEPLOY.resolve("faultline.yaml"));
    Path file = directory.resolve("faultline.yaml");
    Files.writeString(file, SETTING_LINE.matcher(commented).replaceAll(""));

    FaultlineConfig config = ConfigLoader.load(Optional.of(file), Map.of());

    assertThat(config.store().url()).startsWith("jdbc:postgresql:");
    assertThat(config.bus().rabbitMq()).isPresent();
    assertThat(config.bus().rabbitMq().orElseThrow().exchangeFor("port.update.end"))
        .isEqualTo("neutron");
  }

  @Test
  void theEnvironmentFileSetsOnlyVariablesFaultlineReads() throws IOException {
    for (String line : Files.readAllLines(DEPLOY.resolve("faultline.env"))) {
      String setting = line.startsWith("#") ? line.substring(1) : line;
      if (!setting.matches("FAULTLINE_[A-Z_]+=.*")) {
        continue;
      }
      String variable = setting.substring(0, setting.indexOf('='));
      assertThat(
              ConfigLoader.ENVIRONMENT_KEYS.containsKey(variable)
                  || variable.equals("FAULTLINE_CONFIG")
                  || variable.equals("FAULTLINE_JAVA_OPTS"))
          .as(variable)
          .isTrue();
    }
  }
}
