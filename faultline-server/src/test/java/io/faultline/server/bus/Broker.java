package io.faultline.server.bus;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.faultline.rabbitmq.RabbitMqSettings;
import io.faultline.server.config.BusConfig;
import io.faultline.server.config.ClusterConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The machine's RabbitMQ for server tests (127.0.0.1:5672, guest/guest, or {@code
 * FAULTLINE_TEST_AMQP_URL}); tests fail, never skip, when it is missing. Each instance has its own
 * queue prefix and its own stand-ins for the cloud's exchanges ({@code <prefix>.nova}…), so that
 * test classes running at once in other JVMs never hear each other's notifications, and deletes its
 * queues and exchanges when closed.
 */
public final class Broker implements AutoCloseable {
  public static final String URL =
      System.getenv().getOrDefault("FAULTLINE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672");

  /** The same broker as oslo.messaging names it. */
  public static final String OSLO_URL = URL.replaceFirst("^amqp://", "rabbit://") + "/";

  private final String prefix = "faultline-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Connection connection;

  /** The cloud's exchanges a server consumes or publishes on, and a cluster's own. */
  private static final List<String> EXCHANGES =
      List.of("nova", "neutron", "openstack", "aodh", "cluster");

  public Broker() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(URL);
    connection = factory.newConnection("faultline-test-admin");
  }

  public String prefix() {
    return prefix;
  }

  /**
   * This broker's stand-in for the cloud's exchange {@code name} ({@code nova}, {@code neutron}…).
   */
  public String exchange(String name) {
    return prefix + "." + name;
  }

  /** RabbitMQ with OpenStack's defaults, on this broker's exchanges and queue prefix. */
  public BusConfig config() {
    return new BusConfig(
        URL, consumed(), null, null, published(), exchange("openstack"), null, prefix, null, null);
  }

  /** {@link #config()} as the {@code bus} section of a configuration file. */
  public String busYaml() {
    return """
        bus:
          url: %s
          queue-prefix: %s
          exchanges: [%s]
          publish-exchanges: {%s}
          default-exchange: %s
        """
        .formatted(
            URL,
            prefix,
            String.join(", ", consumed()),
            published().entrySet().stream()
                .map(route -> "\"" + route.getKey() + "\": " + route.getValue())
                .collect(Collectors.joining(", ")),
            exchange("openstack"));
  }

  private List<String> consumed() {
    return List.of(exchange("nova"), exchange("neutron"), exchange("openstack"));
  }

  private Map<String, String> published() {
    Map<String, String> routes = new LinkedHashMap<>();
    RabbitMqSettings.OPENSTACK_EXCHANGES.forEach((type, name) -> routes.put(type, exchange(name)));
    return routes;
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
    try (Channel channel = connection.createChannel()) {
      for (String name : EXCHANGES) {
        channel.exchangeDelete(exchange(name));
      }
    }
    connection.close();
  }
}
