package io.faultline.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.faultline.bus.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bus port's contract on the machine's real RabbitMQ. */
class RabbitMqBusTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestBroker broker;

  @BeforeEach
  void connect() throws Exception {
    broker = new TestBroker();
  }

  @AfterEach
  void cleanUp() throws Exception {
    broker.close();
  }

  private static Notification notification(String eventType, Notification.Priority priority) {
    return new Notification(
        java.util.UUID.randomUUID().toString(),
        "compute.host1",
        eventType,
        priority,
        Map.of("instance_id", "i-1", "tenant_id", "p-1", "state", "stopped"),
        Instant.now().truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * Receives notifications, keeping only those this test published (other runs share exchanges).
   */
  private static final class Inbox {
    final BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    final java.util.Set<String> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void accept(Notification notification) {
      if (mine.contains(notification.messageId())) {
        received.add(notification);
      }
    }

    Notification next() throws InterruptedException {
      Notification next = received.poll(30, TimeUnit.SECONDS);
      assertThat(next).as("a notification within 30 s").isNotNull();
      return next;
    }

    Notification publishedBy(RabbitMqBus bus, Notification notification) {
      mine.add(notification.messageId());
      bus.publish(notification);
      return notification;
    }
  }

  @Test
  void aSubscriberReceivesWhatIsPublishedWithEveryField() throws Exception {
    RabbitMqBus bus = broker.bus();
    Inbox inbox = new Inbox();
    bus.subscribe("evaluator", inbox::accept);

    Notification sent =
        inbox.publishedBy(bus, notification("compute.instance.update", Notification.Priority.INFO));

    assertThat(inbox.next()).isEqualTo(sent);
  }

  @Test
  void publishesTheOsloEnvelopeOnOpenStacksExchangesAndRoutingKeys() throws Exception {
    RabbitMqBus bus = broker.bus();
    bus.publish(notification("compute.instance.update", Notification.Priority.INFO)); // declares
    Channel channel = broker.channel();
    String novaInfo = channel.queueDeclare().getQueue();
    channel.queueBind(novaInfo, "nova", "notifications.info");
    String neutronError = channel.queueDeclare().getQueue();
    bus.publish(notification("port.update.end", Notification.Priority.INFO)); // declares neutron
    channel.queueBind(neutronError, "neutron", "notifications.error");

    Notification instance = notification("compute.instance.update", Notification.Priority.INFO);
    Notification port = notification("port.update.end", Notification.Priority.ERROR);
    bus.publishBatch(List.of(instance, port)).join();

    GetResponse fromNova = awaitMessage(channel, novaInfo, instance.messageId());
    JsonNode envelope = MAPPER.readTree(fromNova.getBody());
    assertThat(envelope.get("oslo.version").asText()).isEqualTo("2.0");
    JsonNode inner = MAPPER.readTree(envelope.get("oslo.message").asText());
    assertThat(inner.get("event_type").asText()).isEqualTo("compute.instance.update");
    assertThat(inner.get("priority").asText()).isEqualTo("INFO");
    assertThat(fromNova.getProps().getContentType()).isEqualTo("application/json");
    assertThat(fromNova.getProps().getDeliveryMode()).isEqualTo(2);
    assertThat(fromNova.getEnvelope().getRoutingKey()).isEqualTo("notifications.info");

    GetResponse fromNeutron = awaitMessage(channel, neutronError, port.messageId());
    assertThat(fromNeutron.getEnvelope().getExchange()).isEqualTo("neutron");
    assertThat(fromNeutron.getEnvelope().getRoutingKey()).isEqualTo("notifications.error");
    channel.close();
  }

  private static GetResponse awaitMessage(Channel channel, String queue, String messageId)
      throws Exception {
    for (int attempt = 0; attempt < 300; attempt++) {
      GetResponse response = channel.basicGet(queue, true);
      if (response == null) {
        Thread.sleep(100);
      } else if (OsloEnvelope.decode(response.getBody()).messageId().equals(messageId)) {
        return response;
      }
    }
    throw new AssertionError("no message " + messageId + " on " + queue + " within 30 s");
  }

  @Test
  void aFailedProcessingIsRedeliveredBecauseOnlyProcessedMessagesAreAcknowledged()
      throws Exception {
    RabbitMqBus bus = broker.bus();
    Inbox inbox = new Inbox();
    AtomicInteger attempts = new AtomicInteger();
    bus.subscribe(
        "evaluator",
        received -> {
          if (inbox.mine.contains(received.messageId()) && attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("the database is briefly away");
          }
          inbox.accept(received);
        });

    Notification sent =
        inbox.publishedBy(bus, notification("compute.instance.update", Notification.Priority.INFO));

    assertThat(inbox.next()).isEqualTo(sent);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aMessageInProcessingWhenItsConsumerDiesGoesToTheNextConsumer() throws Exception {
    RabbitMqBus dying = broker.bus();
    Inbox inbox = new Inbox();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    dying.subscribe(
        "shared",
        received -> {
          if (inbox.mine.contains(received.messageId())) {
            started.countDown();
            try {
              never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    Notification sent =
        inbox.publishedBy(
            dying, notification("compute.instance.update", Notification.Priority.INFO));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(dying::close);
    closer.start(); // the connection goes, the unacknowledged message returns to the queue
    RabbitMqBus survivor = broker.bus();
    survivor.subscribe("shared", inbox::accept);

    assertThat(inbox.next()).isEqualTo(sent);
    never.countDown();
    closer.join(30_000);
  }

  @Test
  void messagesPublishedWhileNoConsumerIsConnectedWaitInTheDurableQueue() throws Exception {
    RabbitMqBus first = broker.bus();
    first.subscribe("evaluator", notification -> {});
    first.close();

    RabbitMqBus publisher = broker.bus();
    Inbox inbox = new Inbox();
    List<Notification> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(
          inbox.publishedBy(
              publisher, notification("compute.instance.update", Notification.Priority.INFO)));
    }
    RabbitMqBus restarted = broker.bus();
    restarted.subscribe("evaluator", inbox::accept);

    List<Notification> received = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      received.add(inbox.next());
    }
    assertThat(received).containsExactlyElementsOf(sent);
  }

  @Test
  void consumersSharingASubscriberNameProcessEachMessageOnce() throws Exception {
    Inbox inbox = new Inbox();
    RabbitMqBus a = broker.bus();
    RabbitMqBus b = broker.bus();
    a.subscribe("shared", inbox::accept);
    b.subscribe("shared", inbox::accept);

    int count = 200;
    for (int i = 0; i < count; i++) {
      inbox.publishedBy(
          i % 2 == 0 ? a : b, notification("compute.instance.update", Notification.Priority.INFO));
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < count; i++) {
      assertThat(ids.add(inbox.next().messageId())).as("each message once").isTrue();
    }
    assertThat(inbox.received.poll(1, TimeUnit.SECONDS)).isNull();
    assertThat(ids).isEqualTo(inbox.mine);
  }

  @Test
  void everyProcessSubscriberSeesEveryNotificationBesideASharedQueue() throws Exception {
    Inbox first = new Inbox();
    Inbox second = new Inbox();
    Inbox shared = new Inbox();
    RabbitMqBus a = broker.bus();
    RabbitMqBus b = broker.bus();
    a.subscribeEveryProcess("live", first::accept);
    b.subscribeEveryProcess("live", second::accept);
    a.subscribe("shared", shared::accept);

    Notification sent = notification("compute.instance.update", Notification.Priority.INFO);
    first.mine.add(sent.messageId());
    second.mine.add(sent.messageId());
    shared.publishedBy(a, sent);

    assertThat(first.next()).isEqualTo(sent);
    assertThat(second.next()).isEqualTo(sent);
    assertThat(shared.next()).isEqualTo(sent);
  }

  @Test
  void aMessageThatIsNotANotificationIsDroppedAloneAndTheNextArrives() throws Exception {
    RabbitMqBus bus = broker.bus();
    Inbox inbox = new Inbox();
    bus.subscribe("evaluator", inbox::accept);
    Channel channel = broker.channel();
    channel.basicPublish(
        "nova",
        "notifications.info",
        new AMQP.BasicProperties.Builder().contentType("application/json").build(),
        "{\"oslo.version\":\"2.0\",\"oslo.message\":\"not json\"}"
            .getBytes(StandardCharsets.UTF_8));

    Notification sent =
        inbox.publishedBy(bus, notification("compute.instance.update", Notification.Priority.INFO));

    assertThat(inbox.next()).isEqualTo(sent);
    assertThat(channel.queueDeclarePassive(broker.queue("evaluator")).getMessageCount()).isZero();
    channel.close();
  }
}
