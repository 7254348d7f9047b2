package io.faultline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.rabbitmq.RabbitMqSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusConfigTest {
  @TempDir Path directory;

  @Test
  void withoutAUrlTheBusIsInProcess() {
    assertThat(ConfigLoader.load(Optional.empty(), Map.of()).bus().rabbitMq()).isEmpty();
  }

  @Test
  void theEnvironmentSelectsRabbitMqWithOpenStacksDefaults() {
    RabbitMqSettings settings =
        ConfigLoader.load(
                Optional.empty(), Map.of("FAULTLINE_BUS_URL", "amqp://guest:guest@mq.example:5672"))
            .bus()
            .rabbitMq()
            .orElseThrow();

    assertThat(settings.uri().getHost()).isEqualTo("mq.example");
    assertThat(settings.exchanges()).containsExactly("nova", "neutron", "openstack");
    assertThat(settings.topics()).containsExactly("notifications");
    assertThat(settings.exchangeFor("compute.instance.update")).isEqualTo("nova");
    assertThat(settings.exchangeFor("service.update")).isEqualTo("nova");
    assertThat(settings.exchangeFor("port.update.end")).isEqualTo("neutron");
    assertThat(settings.exchangeFor("something.else")).isEqualTo("openstack");
    assertThat(settings.durable()).isTrue();
  }

  @Test
  void theFileSetsExchangesTopicsAndDurability() throws IOException {
    Path file = directory.resolve("faultline.yaml");
    Files.writeString(
        file,
        """
        bus:
          url: amqp://mq.example
          exchanges: [nova]
          topics: [notifications, versioned_notifications]
          publish-exchanges: {"compute.": compute-events}
          durable: false
        """);
    RabbitMqSettings settings =
        ConfigLoader.load(Optional.of(file), Map.of()).bus().rabbitMq().orElseThrow();

    assertThat(settings.exchanges()).isEqualTo(List.of("nova"));
    assertThat(settings.topics()).containsExactly("notifications", "versioned_notifications");
    assertThat(settings.exchangeFor("compute.instance.update")).isEqualTo("compute-events");
    assertThat(settings.durable()).isFalse();
  }

  @Test
  void aUrlThatIsNotAmqpStopsTheStartNamingTheKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("FAULTLINE_BUS_URL", "http://mq.example:5672")))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("bus")
        .hasMessageContaining("amqp://");
  }

  @Test
  void emptyExchangesStopTheStart() throws IOException {
    Path file = directory.resolve("faultline.yaml");
    Files.writeString(file, "bus:\n  url: amqp://mq.example\n  exchanges: []\n");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
        .isInstanceOf(ConfigLoader.ConfigException.class)
        .hasMessageContaining("exchanges must not be empty");
  }
}
