package io.faultline.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest, or {@code FAULTLINE_TEST_AMQP_URL}). Tests
 * fail, never skip, when it is missing. Each test uses its own queue prefix and deletes its queues.
 */
final class TestBroker implements AutoCloseable {
  static final URI BROKER_URI =
      URI.create(
          System.getenv()
              .getOrDefault("FAULTLINE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672"));

  private final String prefix = "faultline-test-" + UUID.randomUUID();
  private final List<RabbitMqBus> buses = new ArrayList<>();
  private final Connection admin;

  TestBroker() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER_URI);
    admin = factory.newConnection("faultline-test-admin");
  }

  RabbitMqSettings settings() {
    return RabbitMqSettings.defaults(BROKER_URI).withQueuePrefix(prefix);
  }

  RabbitMqBus bus() {
    RabbitMqBus bus = RabbitMqBus.connect(settings(), "faultline-test");
    buses.add(bus);
    return bus;
  }

  /** A channel of its own, for raw AMQP in tests. */
  Channel channel() throws Exception {
    return admin.createChannel();
  }

  String queue(String subscriber) {
    return prefix + "." + subscriber;
  }

  @Override
  public void close() throws Exception {
    buses.forEach(RabbitMqBus::close);
    try (Channel channel = admin.createChannel()) {
      for (String name : List.of("evaluator", "a", "b", "shared")) {
        channel.queueDelete(queue(name));
      }
    }
    admin.close();
  }
}
