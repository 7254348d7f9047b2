package io.faultline.rabbitmq;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.faultline.cluster.ClusterChannel;
import io.faultline.cluster.ClusterMessage;
import io.faultline.cluster.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster channel on RabbitMQ: a fanout exchange {@code <prefix>.cluster}, and on each node an
 * exclusive queue bound to it, deleted with the node's connection. A message is its kind (AMQP
 * {@code type}), its sender ({@code app_id}) and its subject (the body); a node skips its own.
 * Messages are transient: a node that was not connected catches up from the store.
 */
final class RabbitMqClusterChannel implements ClusterChannel {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqClusterChannel.class);

  private static final long CONFIRM_TIMEOUT_MILLIS = 5_000;

  private final Connection connection;
  private final String exchange;
  private final NodeId self;
  private final Object publishLock = new Object();
  private Channel publisher;

  RabbitMqClusterChannel(Connection connection, String exchange, NodeId self) {
    this.connection = requireNonNull(connection, "connection is null");
    this.exchange = requireNonNull(exchange, "exchange is null");
    this.self = requireNonNull(self, "self is null");
    try (Channel channel = connection.createChannel()) {
      channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false);
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot declare RabbitMQ exchange " + exchange, e);
    }
  }

  @Override
  public void publish(ClusterMessage message) {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .type(message.kind().name())
            .appId(self.value())
            .deliveryMode(1)
            .build();
    synchronized (publishLock) {
      try {
        if (publisher == null || !publisher.isOpen()) {
          publisher = connection.createChannel();
          publisher.confirmSelect();
        }
        publisher.basicPublish(
            exchange, "", properties, message.subject().getBytes(StandardCharsets.UTF_8));
        if (message.kind().confirmed()) {
          // In every node's queue before the change is acknowledged to its caller, so before any
          // event the caller publishes next.
          publisher.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        publisher = null;
      } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
        // The others catch up when they reconcile with the store.
        log.warn("could not tell the other nodes of {}: {}", message, e.toString());
        publisher = null;
      }
    }
  }

  @Override
  public void subscribe(Consumer<ClusterMessage> listener) {
    requireNonNull(listener, "listener is null");
    try {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      channel.queueBind(queue, exchange, "");
      channel.basicConsume(
          queue,
          true,
          (tag, delivery) -> {
            AMQP.BasicProperties properties = delivery.getProperties();
            if (self.value().equals(properties.getAppId())) {
              return;
            }
            try {
              listener.accept(
                  new ClusterMessage(
                      ClusterMessage.Kind.valueOf(properties.getType()),
                      new String(delivery.getBody(), StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
              log.warn(
                  "could not apply a cluster message {}: {}", properties.getType(), e.toString());
            }
          },
          tag -> log.warn("RabbitMQ cancelled the cluster channel's consumer"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume the cluster exchange " + exchange, e);
    }
  }
}
