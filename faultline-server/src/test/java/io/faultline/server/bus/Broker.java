package io.faultline.server.bus;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.faultline.server.config.BusConfig;
import io.faultline.server.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's RabbitMQ for server tests (127.0.0.1:5672, guest/guest, or {@code
 * FAULTLINE_TEST_AMQP_URL}); tests fail, never skip, when it is missing. Each instance has its own
 * queue prefix, and deletes its queues when closed.
 */
public final class Broker implements AutoCloseable {
  public static final String URL =
      System.getenv().getOrDefault("FAULTLINE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672");

  /** The same broker as oslo.messaging names it. */
  public static final String OSLO_URL = URL.replaceFirst("^amqp://", "rabbit://") + "/";

  private final String prefix = "faultline-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Connection connection;

  public Broker() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(URL);
    connection = factory.newConnection("faultline-test-admin");
  }

  public String prefix() {
    return prefix;
  }

  /** RabbitMQ with OpenStack's defaults and this broker's queue prefix. */
  public BusConfig config() {
    return new BusConfig(URL, null, null, null, null, null, null, prefix, null, null);
  }

  public Channel channel() throws Exception {
    return connection.createChannel();
  }

  /** Deletes queues, e.g. an oslo.messaging listener's pool. */
  public void deleteQueues(List<String> names) throws Exception {
    try (Channel channel = connection.createChannel()) {
      for (String name : names) {
        channel.queueDelete(name);
      }
    }
  }

  @Override
  public void close() throws Exception {
    List<String> queues = new ArrayList<>();
    queues.add(prefix + ".alarm-evaluator");
    queues.add(prefix + ".nova-service-reports");
    // A cluster's evaluation: its intake and its partitions (as many as cluster.partitions says).
    queues.add(prefix + ".alarm-evaluator.intake");
    for (int partition = 0; partition < ClusterConfig.defaults().partitions(); partition++) {
      queues.add(prefix + ".alarm-evaluator.p" + partition);
    }
    // oslo.messaging publishers declare it to retain notifications; nobody reads it here.
    queues.add("notifications.info");
    deleteQueues(queues);
    connection.close();
  }
}
