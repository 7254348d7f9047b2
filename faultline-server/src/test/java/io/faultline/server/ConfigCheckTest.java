package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.faultline.server.cli.CliCapture;
import io.faultline.server.config.ConfigLoader;
import io.faultline.server.config.FaultlineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline config check} and the commented sample configuration under deploy/. */
class ConfigCheckTest {
  private static final Path SAMPLE = Path.of("..", "deploy", "faultline.yaml");
  private static final Pattern SETTING_LINE = Pattern.compile("(?m)^#(?=[a-z]|  )");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Settings whose value is a map: their entries are examples, not keys. */
  private static final java.util.Set<String> MAPS =
      java.util.Set.of("bus.publish-exchanges", "inspector.alertmanager.fault-types");

  @TempDir Path directory;

  private Path write(String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aGoodFileIsPrintedWithItsDefaultsAndSecretsMasked() throws IOException {
    Path file =
        write(
            "good.yaml",
            """
            server:
              port: 9999
            store:
              url: jdbc:postgresql://db.example:5432/faultline?user=f&password=hunter2
              password: hunter3
            identity:
              admin-password: hunter4
            bus:
              url: amqp://faultline:hunter5@rabbit.example:5672
            """);
    CliCapture check = CliCapture.run("config", "check", "--config", file.toString());

    assertThat(check.status()).isZero();
    assertThat(check.err()).isEmpty();
    assertThat(check.out())
        .contains("port: 9999", "body-timeout:", "retention:", "batch-size: 1000")
        .contains("rabbit.example", "db.example", "faultline:*****@")
        .doesNotContain("hunter");
    JsonNode printed = YAML.readTree(check.out());
    assertThat(printed.at("/identity/admin-password").asText()).isEqualTo("*****");
    assertThat(printed.at("/monitor/interval").asText()).isEqualTo("PT1S");
  }

  @Test
  void aBadFileIsOneLineNamingTheKeyAndExitStatusOne() throws IOException {
    for (String[] bad :
        new String[][] {
          {"server:\n  prot: 8080\n", "server.prot"},
          {"retention:\n  faults: PT0S\n", "retention.faults"},
          {"monitor:\n  missed-beats: many\n", "monitor.missed-beats"},
        }) {
      Path file = write("bad.yaml", bad[0]);
      CliCapture check = CliCapture.run("config", "check", "--config", file.toString());
      assertThat(check.status()).as(bad[0]).isEqualTo(1);
      assertThat(check.out()).as(bad[0]).isEmpty();
      assertThat(check.err().strip()).as(bad[0]).contains(bad[1]).doesNotContain("\n");
    }
    CliCapture missing =
        CliCapture.run("config", "check", "--config", directory.resolve("none.yaml").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("configuration file not found");
  }

  @Test
  void theSampleListsEveryKeyTheLoaderKnowsAndPassesTheCheck() throws IOException {
    Path uncommented =
        write("sample.yaml", SETTING_LINE.matcher(Files.readString(SAMPLE)).replaceAll(""));
    JsonNode sample = YAML.readTree(uncommented.toFile());
    List<String> missing = new ArrayList<>();
    assertThat(ConfigLoader.effective(FaultlineConfig.defaults()).properties())
        .extracting(java.util.Map.Entry::getKey)
        .contains("server", "store", "identity", "alarm", "monitor", "bus", "retention");
    collect(ConfigLoader.effective(FaultlineConfig.defaults()), "", sample, missing);
    assertThat(missing).as("keys the loader knows but %s does not list", SAMPLE).isEmpty();

    CliCapture check = CliCapture.run("config", "check", "--config", uncommented.toString());
    assertThat(check.err()).isEmpty();
    assertThat(check.status()).isZero();
  }

  /** Every key of the effective configuration (maps are values, not sections) in the sample. */
  private static void collect(JsonNode known, String path, JsonNode sample, List<String> missing) {
    known
        .properties()
        .forEach(
            entry -> {
              String key = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
              JsonNode there = sample == null ? null : sample.get(entry.getKey());
              if (there == null) {
                missing.add(key);
              } else if (entry.getValue().isObject() && !MAPS.contains(key)) {
                collect(entry.getValue(), key, there, missing);
              }
            });
  }
}
