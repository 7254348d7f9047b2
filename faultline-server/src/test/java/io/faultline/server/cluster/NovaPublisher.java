package io.faultline.server.cluster;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.faultline.bus.Notification;
import io.faultline.rabbitmq.OsloEnvelope;
import io.faultline.server.bus.Broker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes {@code compute.instance.update} notifications as Nova does (the broker's {@code nova},
 * routing key {@code notifications.info}, the oslo.messaging v2 envelope, persistent, confirmed),
 * with the official Java client: numbered {@code n}, so that each webhook names its event. Returns
 * their message ids in the order published.
 */
final class NovaPublisher {
  private NovaPublisher() {}

  static List<String> publish(
      Broker broker, String projectId, String instance, int start, int count) throws Exception {
    List<String> published = new ArrayList<>(count);
    try (Channel channel = broker.channel()) {
      channel.confirmSelect();
      for (int n = start; n < start + count; n++) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenant_id", projectId);
        payload.put("instance_id", instance);
        payload.put("display_name", "event-" + n);
        payload.put("state", "error");
        Notification notification =
            new Notification(
                UUID.randomUUID().toString(),
                "compute.test-host",
                "compute.instance.update",
                Notification.Priority.INFO,
                payload,
                Instant.now());
        channel.basicPublish(
            broker.exchange("nova"),
            "notifications.info",
            new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(notification.messageId())
                .build(),
            OsloEnvelope.encode(notification));
        published.add(notification.messageId());
      }
      channel.waitForConfirmsOrDie(30_000);
    }
    return published;
  }
}
