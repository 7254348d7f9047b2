package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmConfigTest {
  @TempDir Path directory;

  private Path file(String name, String yaml) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void kebabKeysWithDefaults() throws IOException {
    Path file =
        file(
            "f.yaml",
            """
            alarm:
              event: {require-resource-id: true}
              notifier: {max-attempts: 3, initial-backoff: PT1S, max-in-flight: 8}
            """);
    AlarmConfig alarm = ConfigLoader.load(Optional.of(file), Map.of()).alarm();
    assertThat(alarm.event().requireResourceId()).isTrue();
    assertThat(alarm.notifier().maxAttempts()).isEqualTo(3);
    assertThat(alarm.notifier().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(alarm.notifier().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(alarm.notifier().maxInFlight()).isEqualTo(8);
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).alarm().event().requireResourceId())
        .isFalse();
  }

  @Test
  void unknownOrInvalidKeysFailNamingTheKey() throws IOException {
    Path unknown = file("u.yaml", "alarm:\n  event: {require-resource: true}\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(unknown), Map.of()))
        .hasMessageContaining("require-resource");
    Path invalid = file("i.yaml", "alarm:\n  notifier: {max-attempts: 0}\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(invalid), Map.of()))
        .hasMessageContaining("alarm.notifier.max-attempts");
  }

  @Test
  void requireResourceIdAndDefinitionsFileApplyToTheRunningServer() throws IOException {
    Path definitions =
        file(
            "defs.yaml",
            """
            - event_type: compute.instance.update
              traits:
                tenant_id: {fields: payload.tenant_id}
                memory: {fields: payload.memory_mb, type: int}
            """);
    AlarmConfig alarm =
        new AlarmConfig(new AlarmConfig.Event(true, definitions.toString()), null, null);
    try (TestServer server =
        TestServer.start(TestServer.testConfig().withAlarm(alarm), InstantSource.system())) {
      TestServer.Account tenant = server.newProjectUser("member");
      String withoutResource =
          "{\"name\": \"a\", \"type\": \"event\", \"event_rule\": {\"event_type\": \"*\"}}";
      TestServer.Reply refused =
          server.http().post("/alarming/v2/alarms", tenant.token(), withoutResource);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().at("/error_message/faultstring").asText())
          .contains("resource_id is required");
    }
    Path broken = file("broken.yaml", "- traits: {}\n");
    AlarmConfig bad = new AlarmConfig(new AlarmConfig.Event(false, broken.toString()), null, null);
    assertThatThrownBy(
            () -> TestServer.start(TestServer.testConfig().withAlarm(bad), InstantSource.system()))
        .hasMessageContaining("alarm.event.definitions-file");
  }
}
