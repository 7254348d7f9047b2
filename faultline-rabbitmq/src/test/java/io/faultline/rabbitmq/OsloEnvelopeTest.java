package io.faultline.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.bus.Notification;
import io.faultline.cause.Cause;
import io.faultline.cause.FaultId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OsloEnvelopeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void encodesTheMessagingV2EnvelopeWithOsloInnerFields() throws Exception {
    Notification notification =
        new Notification(
            "m-1",
            "compute.host1",
            "compute.instance.update",
            Notification.Priority.ERROR,
            Map.of("instance_id", "i-1", "state", "stopped"),
            Instant.parse("2024-05-01T10:00:00.123456Z"));

    JsonNode envelope = MAPPER.readTree(OsloEnvelope.encode(notification));

    assertThat(envelope.get("oslo.version").asText()).isEqualTo("2.0");
    assertThat(envelope.get("oslo.message").isTextual()).isTrue();
    JsonNode inner = MAPPER.readTree(envelope.get("oslo.message").asText());
    assertThat(inner.get("message_id").asText()).isEqualTo("m-1");
    assertThat(inner.get("publisher_id").asText()).isEqualTo("compute.host1");
    assertThat(inner.get("event_type").asText()).isEqualTo("compute.instance.update");
    assertThat(inner.get("priority").asText()).isEqualTo("ERROR");
    assertThat(inner.get("timestamp").asText()).isEqualTo("2024-05-01 10:00:00.123456");
    assertThat(inner.get("payload").get("state").asText()).isEqualTo("stopped");
    assertThat(inner.get("_unique_id").asText()).hasSize(32);
  }

  @Test
  void decodesWhatItEncodes() {
    Notification notification =
        new Notification(
            "m-2",
            "network.ctl",
            "port.update.end",
            Notification.Priority.INFO,
            Map.of("port", Map.of("id", "p-1")),
            Instant.parse("2024-05-01T10:00:00.5Z"));

    assertThat(OsloEnvelope.decode(OsloEnvelope.encode(notification))).isEqualTo(notification);
  }

  @Test
  void theTypedCauseTravelsAsAFieldAndItsFaultIdInThePayload() throws Exception {
    Cause cause = new Cause(new FaultId("f-1"), "inspector");
    Notification notification =
        new Notification(
                "m-4",
                "compute.host1",
                "compute.instance.update",
                Notification.Priority.INFO,
                Map.of("instance_id", "i-1"),
                Instant.parse("2024-05-01T10:00:00Z"))
            .causedBy(cause);

    byte[] wire = OsloEnvelope.encode(notification);

    JsonNode inner = MAPPER.readTree(MAPPER.readTree(wire).get("oslo.message").asText());
    assertThat(inner.at("/payload/fault_id").asText()).isEqualTo("f-1");
    assertThat(inner.at("/faultline_cause/principal").asText()).isEqualTo("inspector");
    Notification decoded = OsloEnvelope.decode(wire);
    assertThat(decoded).isEqualTo(notification);
    assertThat(decoded.cause()).contains(cause);
  }

  @Test
  void decodesNovasVersionedNotificationAndTheUnenvelopedForm() {
    String inner =
        "{\"message_id\":\"m-3\",\"publisher_id\":\"nova-compute:host1\","
            + "\"event_type\":\"service.update\",\"priority\":\"INFO\",\"timestamp\":"
            + "\"2024-05-01 10:00:00\",\"payload\":{\"nova_object.name\":\"ServiceStatusPayload\","
            + "\"nova_object.data\":{\"host\":\"host1\",\"forced_down\":true}}}";
    String enveloped =
        "{\"oslo.version\":\"2.0\",\"oslo.message\":" + MAPPER.valueToTree(inner) + "}";

    Notification fromV2 = OsloEnvelope.decode(enveloped.getBytes(StandardCharsets.UTF_8));
    Notification fromV1 = OsloEnvelope.decode(inner.getBytes(StandardCharsets.UTF_8));

    assertThat(fromV2).isEqualTo(fromV1);
    assertThat(fromV2.eventType()).isEqualTo("service.update");
    assertThat(fromV2.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(fromV2.payload().get("nova_object.data"))
        .isEqualTo(Map.of("host", "host1", "forced_down", true));
  }

  @Test
  void refusesWhatIsNotANotificationNamingTheProblem() {
    assertThatThrownBy(() -> OsloEnvelope.decode("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(
            () -> OsloEnvelope.decode("{\"payload\":{}}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("no event_type");
    assertThatThrownBy(
            () ->
                OsloEnvelope.decode(
                    "{\"event_type\":\"x\",\"priority\":\"LOUD\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("priority: LOUD");
  }
}
