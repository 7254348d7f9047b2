package io.faultline.alarm;

import static io.faultline.alarm.AlarmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bus.Notification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDefinitionsTest {
  @Test
  void doctorInstanceUpdateBecomesAnEventWithProjectResourceAndFault() {
    Event event =
        EventDefinitions.defaults().toEvent(AlarmFixtures.instanceUpdate("p1", "vm-1", "error"));
    assertThat(event.traits())
        .containsEntry("instance_id", "vm-1")
        .containsEntry("resource_id", "vm-1")
        .containsEntry("tenant_id", "p1")
        .containsEntry("project_id", "p1")
        .containsEntry("state", "error")
        .containsEntry("old_state", "active")
        .containsEntry("host", "compute1")
        .containsEntry("fault_id", "fault-42")
        .containsEntry("service", "compute.compute1");
    assertThat(event.projectId()).isEqualTo("p1");
    assertThat(event.resourceIds()).containsExactly("vm-1");
  }

  @Test
  void portAndServiceNotifications() {
    Map<String, Object> port =
        Map.of("port", Map.of("id", "port-1", "project_id", "p1", "data_plane_status", "DOWN"));
    Event portEvent =
        EventDefinitions.defaults()
            .toEvent(Notification.info("network.h", "port.update.end", port, T0));
    assertThat(portEvent.traits())
        .containsEntry("port_id", "port-1")
        .containsEntry("project_id", "p1")
        .containsEntry("data_plane_status", "DOWN");

    Map<String, Object> service =
        Map.of("host", "compute1", "forced_down", true, "binary", "nova-compute");
    Event serviceEvent =
        EventDefinitions.defaults()
            .toEvent(Notification.info("nova-compute:compute1", "service.update", service, T0));
    assertThat(serviceEvent.traits())
        .containsEntry("host", "compute1")
        .containsEntry("forced_down", true);
  }

  @Test
  void definitionsFromConfigurationWinOverDefaults() {
    Object tree =
        List.of(
            Map.of(
                "event_type",
                List.of("compute.instance.update"),
                "traits",
                Map.of(
                    "state", Map.of("fields", "payload.state"),
                    "tenant_id", Map.of("fields", "payload.tenant_id"),
                    "memory", Map.of("fields", List.of("payload.memory_mb"), "type", "int"))));
    EventDefinitions definitions = EventDefinitions.withDefaults(EventDefinitions.parse(tree));
    Notification notification =
        Notification.info(
            "compute.h",
            "compute.instance.update",
            Map.of("tenant_id", "p1", "state", "error", "memory_mb", "512", "host", "h"),
            T0);
    Event event = definitions.toEvent(notification);
    assertThat(event.traits()).containsEntry("memory", 512L).doesNotContainKey("host");
  }
}
