package io.faultline.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Recoverable;
import io.faultline.bus.Notification;
import io.faultline.bus.PartitionedSubscription;
import io.faultline.bus.Subscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitioned consumption on RabbitMQ. What the subscriber hears arrives on an intake queue {@code
 * <prefix>.<name>.intake}, bound like every other subscriber's queue; one process at a time reads
 * it (the queue has a single active consumer, and every process registers one), and forwards each
 * message, unchanged, to the partition queue {@code <prefix>.<name>.p<n>} of its key, acknowledging
 * it only once RabbitMQ has confirmed the forwarded copy. A crash between the two leaves both, and
 * the copy forwarded again carries the same message id, which the subscriber de-duplicates on.
 * Partition queues also have a single active consumer: a process consumes the partitions it holds,
 * each on a channel of its own, so the messages of one key are processed one at a time, in order.
 */
final class PartitionedConsumer implements PartitionedSubscription {
  private static final Logger log = LoggerFactory.getLogger(PartitionedConsumer.class);
  private static final Map<String, Object> SINGLE_ACTIVE = Map.of("x-single-active-consumer", true);
  private static final long DRAIN_MILLIS = 10_000;

  private record Running(Channel channel, String consumerTag, AtomicInteger inFlight) {}

  private final Connection connection;
  private final RabbitMqSettings settings;
  private final String name;
  private final int partitions;
  private final Function<Notification, String> key;
  private final Subscriber subscriber;
  private final Map<Integer, Running> running = new HashMap<>();

  /** Forwarded copies awaiting RabbitMQ's confirm: publish sequence number → intake tag. */
  private final ConcurrentNavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();

  private final Object forwardLock = new Object();
  private Channel intake;
  private Channel forward;

  private PartitionedConsumer(
      Connection connection,
      RabbitMqSettings settings,
      String name,
      int partitions,
      Function<Notification, String> key,
      Subscriber subscriber) {
    this.connection = connection;
    this.settings = settings;
    this.name = name;
    this.partitions = partitions;
    this.key = key;
    this.subscriber = subscriber;
  }

  /** Declares the intake and partition queues and registers this process's intake consumer. */
  static PartitionedConsumer start(
      Connection connection,
      RabbitMqSettings settings,
      String name,
      int partitions,
      Function<Notification, String> key,
      Subscriber subscriber) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive: " + partitions);
    }
    PartitionedConsumer consumer =
        new PartitionedConsumer(connection, settings, name, partitions, key, subscriber);
    try {
      consumer.startIntake();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume RabbitMQ queue " + consumer.intakeQueue(), e);
    }
    return consumer;
  }

  String intakeQueue() {
    return settings.queuePrefix() + "." + name + ".intake";
  }

  String partitionQueue(int partition) {
    return settings.queuePrefix() + "." + name + ".p" + partition;
  }

  private void startIntake() throws IOException {
    forward = connection.createChannel();
    forward.confirmSelect();
    for (int partition = 0; partition < partitions; partition++) {
      forward.queueDeclare(
          partitionQueue(partition), settings.durable(), false, false, SINGLE_ACTIVE);
    }
    forward.addConfirmListener(
        new ConfirmListener() {
          @Override
          public void handleAck(long sequence, boolean multiple) {
            settle(sequence, multiple, true);
          }

          @Override
          public void handleNack(long sequence, boolean multiple) {
            settle(sequence, multiple, false);
          }
        });
    if (forward instanceof Recoverable recoverable) {
      // A recovered channel numbers its publications afresh; the intake messages behind the
      // forgotten ones were requeued when the intake channel closed.
      recoverable.addRecoveryListener(
          new com.rabbitmq.client.RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recovered) {
              unconfirmed.clear();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recovering) {}
          });
    }
    intake = connection.createChannel();
    intake.basicQos(settings.prefetch());
    String queue = intakeQueue();
    intake.queueDeclare(queue, settings.durable(), false, false, SINGLE_ACTIVE);
    for (String exchange : settings.consumedExchanges()) {
      intake.exchangeDeclare(
          exchange, com.rabbitmq.client.BuiltinExchangeType.TOPIC, settings.durable());
      for (String binding : settings.bindingKeys()) {
        intake.queueBind(queue, exchange, binding);
      }
    }
    intake.basicConsume(
        queue,
        false,
        (tag, delivery) -> forward(delivery),
        tag -> log.warn("RabbitMQ cancelled the consumer of {}", queue));
  }

  private void forward(Delivery delivery) throws IOException {
    long tag = delivery.getEnvelope().getDeliveryTag();
    Optional<Notification> decoded = RabbitMqBus.decodeOrReject(intake, delivery);
    if (decoded.isEmpty()) {
      return;
    }
    Notification notification = decoded.get();
    int partition = PartitionedSubscription.partitionOf(keyOf(notification), partitions);
    AMQP.BasicProperties properties =
        delivery.getProperties().builder().deliveryMode(settings.durable() ? 2 : 1).build();
    long sequence;
    synchronized (forwardLock) {
      sequence = forward.getNextPublishSeqNo();
      unconfirmed.put(sequence, tag);
      try {
        forward.basicPublish("", partitionQueue(partition), properties, delivery.getBody());
      } catch (IOException | RuntimeException e) {
        unconfirmed.remove(sequence);
        log.warn("could not forward {} to partition {}", notification.messageId(), partition, e);
        intake.basicNack(tag, false, true);
      }
    }
  }

  private String keyOf(Notification notification) {
    try {
      String found = key.apply(notification);
      return found == null || found.isEmpty() ? notification.publisherId() : found;
    } catch (RuntimeException e) {
      return notification.publisherId();
    }
  }

  private void settle(long sequence, boolean multiple, boolean confirmed) {
    Map<Long, Long> settled =
        multiple
            ? unconfirmed.headMap(sequence, true)
            : unconfirmed.subMap(sequence, true, sequence, true);
    for (Long tag : List.copyOf(settled.values())) {
      try {
        if (confirmed) {
          intake.basicAck(tag, false);
        } else {
          intake.basicNack(tag, false, true);
        }
      } catch (IOException | RuntimeException e) {
        // The intake channel is gone: RabbitMQ gives the message to the next intake consumer.
        log.warn("could not settle an intake message", e);
      }
    }
    settled.clear();
  }

  @Override
  public int partitions() {
    return partitions;
  }

  @Override
  public synchronized Set<Integer> consumed() {
    return Set.copyOf(running.keySet());
  }

  @Override
  public synchronized void consume(Set<Integer> wanted) {
    for (Integer partition : Set.copyOf(running.keySet())) {
      if (!wanted.contains(partition)) {
        stop(partition, running.remove(partition));
      }
    }
    for (Integer partition : wanted) {
      if (partition < 0 || partition >= partitions) {
        throw new IllegalArgumentException("no partition " + partition);
      }
      if (!running.containsKey(partition)) {
        running.put(partition, start(partition));
      }
    }
  }

  private Running start(int partition) {
    String queue = partitionQueue(partition);
    try {
      Channel channel = connection.createChannel();
      channel.basicQos(settings.prefetch());
      AtomicInteger inFlight = new AtomicInteger();
      String consumerTag =
          channel.basicConsume(
              queue,
              false,
              (tag, delivery) -> {
                inFlight.incrementAndGet();
                var unused =
                    RabbitMqBus.deliver(channel, name, subscriber, delivery)
                        .whenComplete((ignored, failure) -> inFlight.decrementAndGet());
              },
              tag -> log.warn("RabbitMQ cancelled the consumer of {}", queue));
      log.info("consuming evaluation partition {}", partition);
      return new Running(channel, consumerTag, inFlight);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot consume RabbitMQ queue " + queue, e);
    }
  }

  /** Stops delivery, waits for what was delivered to be settled, then closes the channel. */
  private void stop(int partition, Running partitionConsumer) {
    Channel channel = partitionConsumer.channel();
    try {
      if (channel.isOpen()) {
        channel.basicCancel(partitionConsumer.consumerTag());
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
      while (partitionConsumer.inFlight().get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (channel.isOpen()) {
        // Whatever is still unsettled goes back to the queue, in place, for the next holder.
        channel.close();
      }
      log.info("stopped consuming evaluation partition {}", partition);
    } catch (IOException | TimeoutException | RuntimeException e) {
      log.warn("stopping evaluation partition {}", partition, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
