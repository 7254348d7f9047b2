package io.faultline.rabbitmq;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import io.faultline.bus.Bus;
import io.faultline.bus.Notification;
import io.faultline.bus.PartitionedSubscription;
import io.faultline.bus.Subscriber;
import io.faultline.cluster.ClusterChannel;
import io.faultline.cluster.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus on RabbitMQ, speaking oslo.messaging: notifications are published in the {@code
 * messagingv2} envelope on the exchange OpenStack uses for their event type, with routing key
 * {@code <topic>.<priority>}, and {@link #publishBatch} completes only once RabbitMQ has confirmed
 * every one of them (so the outbox keeps what RabbitMQ has not taken). Each subscriber consumes a
 * durable queue {@code <prefix>.<name>} bound to every consumed exchange, and acknowledges a
 * message only after the subscriber has processed it; processes subscribing under the same name
 * share the queue, so each message is processed by one of them.
 */
public final class RabbitMqBus implements Bus {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqBus.class);

  private final RabbitMqSettings settings;
  private final Connection connection;
  private final Object publishLock = new Object();
  private final Set<String> declaredExchanges = new HashSet<>();
  private final Map<String, Channel> consumers = new ConcurrentHashMap<>();
  private Channel publisher;

  private RabbitMqBus(RabbitMqSettings settings, Connection connection) {
    this.settings = settings;
    this.connection = connection;
  }

  /**
   * Connects; the connection recovers by itself (and re-declares its queues and consumers) after
   * RabbitMQ restarts or the network fails.
   *
   * @param connectionName shown in RabbitMQ's management UI, e.g. the node's name
   */
  public static RabbitMqBus connect(RabbitMqSettings settings, String connectionName) {
    requireNonNull(settings, "settings is null");
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.uri());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid bus URL: " + e.getMessage(), e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1000);
    factory.setRequestedHeartbeat(10);
    try {
      return new RabbitMqBus(settings, factory.newConnection(connectionName));
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot connect to RabbitMQ at "
              + settings.uri().getHost()
              + ":"
              + settings.uri().getPort()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public RabbitMqSettings settings() {
    return settings;
  }

  /**
   * Publishes and waits for RabbitMQ's confirm.
   *
   * @throws IllegalStateException when RabbitMQ refuses it or does not confirm it in time
   */
  @Override
  public void publish(Notification notification) {
    confirmedPublish(List.of(notification));
  }

  /**
   * Publishes the batch and waits for RabbitMQ to confirm it: from then on RabbitMQ holds it
   * durably, and each consumer acknowledges it only after processing it, so the stage completes
   * with the confirm. It fails when RabbitMQ refuses the batch or does not confirm it in time; the
   * outbox keeps it and publishes it again.
   */
  @Override
  public CompletableFuture<Void> publishBatch(List<Notification> batch) {
    try {
      confirmedPublish(batch);
      return CompletableFuture.completedFuture(null);
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void confirmedPublish(List<Notification> notifications) {
    if (notifications.isEmpty()) {
      return;
    }
    synchronized (publishLock) {
      try {
        Channel channel = publisher();
        for (Notification notification : notifications) {
          String exchange = settings.exchangeFor(notification.eventType());
          declareExchange(channel, exchange);
          channel.basicPublish(
              exchange,
              settings.publishTopic() + "." + notification.priority().wireName(),
              properties(notification),
              OsloEnvelope.encode(notification));
        }
        channel.waitForConfirmsOrDie(settings.confirmTimeout().toMillis());
      } catch (IOException | TimeoutException | RuntimeException e) {
        resetPublisher();
        throw new IllegalStateException(
            "RabbitMQ did not confirm " + notifications.size() + " notifications: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        resetPublisher();
        throw new IllegalStateException("interrupted while waiting for RabbitMQ's confirm", e);
      }
    }
  }

  private AMQP.BasicProperties properties(Notification notification) {
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(settings.durable() ? 2 : 1)
        .messageId(notification.messageId())
        .build();
  }

  private Channel publisher() throws IOException {
    if (publisher == null || !publisher.isOpen()) {
      publisher = connection.createChannel();
      publisher.confirmSelect();
      declaredExchanges.clear();
    }
    return publisher;
  }

  private void resetPublisher() {
    Channel channel = publisher;
    publisher = null;
    if (channel != null && channel.isOpen()) {
      try {
        channel.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        log.debug("closing the failed publisher channel", e);
      }
    }
  }

  private void declareExchange(Channel channel, String exchange) throws IOException {
    if (declaredExchanges.add(exchange)) {
      channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, settings.durable());
    }
  }

  /**
   * The channel through which this node tells the others of changes, on exchange {@code
   * <prefix>.cluster}.
   */
  public ClusterChannel clusterChannel(NodeId self) {
    return new RabbitMqClusterChannel(connection, settings.queuePrefix() + ".cluster", self);
  }

  /** The queue a subscriber of this name consumes. */
  public String queueName(String subscriberName) {
    return settings.queuePrefix() + "." + subscriberName;
  }

  @Override
  public void subscribe(String name, Subscriber subscriber) {
    requireNonNull(name, "name is null");
    requireNonNull(subscriber, "subscriber is null");
    if (consumers.containsKey(name)) {
      throw new IllegalStateException("subscriber already registered: " + name);
    }
    String queue = queueName(name);
    try {
      Channel channel = connection.createChannel();
      channel.basicQos(settings.prefetch());
      channel.queueDeclare(queue, settings.durable(), false, false, null);
      for (String exchange : settings.consumedExchanges()) {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, settings.durable());
        for (String key : settings.bindingKeys()) {
          channel.queueBind(queue, exchange, key);
        }
      }
      channel.basicConsume(
          queue,
          false,
          (tag, delivery) -> {
            var unused = deliver(channel, name, subscriber, delivery);
          },
          tag -> log.warn("RabbitMQ cancelled the consumer of {}", queue));
      consumers.put(name, channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume RabbitMQ queue " + queue, e);
    }
  }

  /**
   * Consumes a queue of this process's own, exclusive and deleted with the connection, bound like
   * the shared ones; messages are acknowledged on receipt since nothing waits for them.
   */
  @Override
  public void subscribeEveryProcess(String name, Subscriber subscriber) {
    requireNonNull(name, "name is null");
    requireNonNull(subscriber, "subscriber is null");
    if (consumers.containsKey(name)) {
      throw new IllegalStateException("subscriber already registered: " + name);
    }
    try {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare().getQueue();
      for (String exchange : settings.consumedExchanges()) {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, settings.durable());
        for (String key : settings.bindingKeys()) {
          channel.queueBind(queue, exchange, key);
        }
      }
      channel.basicConsume(
          queue,
          true,
          (tag, delivery) -> {
            try {
              subscriber.onNotification(OsloEnvelope.decode(delivery.getBody()));
            } catch (RuntimeException e) {
              log.warn("subscriber {} failed on a message: {}", name, e.getMessage());
            }
          },
          tag -> log.warn("RabbitMQ cancelled the consumer of {}", name));
      consumers.put(name, channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume for " + name, e);
    }
  }

  /**
   * The notification a delivery carries; a message that is not one can never be processed, so it is
   * rejected (dropped, alone) and the answer is empty.
   */
  static Optional<Notification> decodeOrReject(Channel channel, Delivery delivery)
      throws IOException {
    try {
      return Optional.of(OsloEnvelope.decode(delivery.getBody()));
    } catch (IllegalArgumentException e) {
      log.warn(
          "dropping a message on {} ({}): {}",
          delivery.getEnvelope().getExchange(),
          delivery.getEnvelope().getRoutingKey(),
          e.getMessage());
      channel.basicReject(delivery.getEnvelope().getDeliveryTag(), false);
      return Optional.empty();
    }
  }

  /**
   * Hands one delivery to the subscriber and settles it once processed; the stage completes once it
   * is settled.
   */
  static CompletableFuture<Void> deliver(
      Channel channel, String name, Subscriber subscriber, Delivery delivery) throws IOException {
    long tag = delivery.getEnvelope().getDeliveryTag();
    Optional<Notification> decoded = decodeOrReject(channel, delivery);
    if (decoded.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Notification notification = decoded.get();
    CompletableFuture<Void> processed;
    try {
      processed = subscriber.onBatch(List.of(notification));
    } catch (RuntimeException e) {
      processed = CompletableFuture.failedFuture(e);
    }
    // Acknowledged only once what it causes is durable; a failure is retried once, then dropped.
    return processed.handle(
        (ignored, failure) -> {
          try {
            if (failure == null) {
              channel.basicAck(tag, false);
              return null;
            }
            boolean again = !delivery.getEnvelope().isRedeliver();
            log.error(
                "subscriber {} failed on {} {}{}",
                name,
                notification.eventType(),
                notification.messageId(),
                again ? "; it is redelivered" : "; dropped after its redelivery failed too",
                failure);
            channel.basicNack(tag, false, again);
          } catch (IOException | RuntimeException e) {
            // The channel is gone: RabbitMQ redelivers the unacknowledged message.
            log.warn("could not settle {} on {}", notification.messageId(), name, e);
          }
          return null;
        });
  }

  /**
   * Splits what {@code name} hears into {@code partitions} queues by {@code key}, through an intake
   * queue that one process at a time forwards (see {@link PartitionedConsumer}); this process
   * consumes the partitions it is told to.
   */
  @Override
  public PartitionedSubscription subscribePartitioned(
      String name, int partitions, Function<Notification, String> key, Subscriber subscriber) {
    requireNonNull(name, "name is null");
    requireNonNull(key, "key is null");
    requireNonNull(subscriber, "subscriber is null");
    return PartitionedConsumer.start(connection, settings, name, partitions, key, subscriber);
  }

  @Override
  public void close() {
    try {
      connection.close(5_000);
    } catch (IOException | RuntimeException e) {
      log.warn("closing the RabbitMQ connection", e);
    }
  }
}
