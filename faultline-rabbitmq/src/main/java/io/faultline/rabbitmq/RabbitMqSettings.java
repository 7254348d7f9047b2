package io.faultline.rabbitmq;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where and how the RabbitMQ bus publishes and consumes.
 *
 * @param uri {@code amqp://user:password@host:port/vhost}
 * @param exchanges the exchanges consumed, as OpenStack services publish on their control exchange
 *     ({@code nova}, {@code neutron}, {@code openstack}, …)
 * @param topics the notification topics consumed on each of them; each is bound as {@code
 *     <topic>.*} so every priority arrives
 * @param publishTopic the topic Faultline publishes on: routing key {@code <topic>.<priority>},
 *     e.g. {@code notifications.info}
 * @param publishExchanges event-type prefix (e.g. {@code compute.}) → exchange it is published on;
 *     the longest matching prefix wins
 * @param defaultExchange the exchange of event types no prefix matches
 * @param durable declare exchanges and queues durable and publish persistent messages; must match
 *     the cloud's oslo.messaging {@code amqp_durable_queues}, or RabbitMQ refuses the declaration
 * @param queuePrefix names Faultline's own queues: {@code <prefix>.<subscriber>}
 * @param confirmTimeout how long a publication waits for RabbitMQ's confirm before it has failed
 * @param prefetch unacknowledged deliveries a consumer holds at once
 */
public record RabbitMqSettings(
    URI uri,
    List<String> exchanges,
    List<String> topics,
    String publishTopic,
    Map<String, String> publishExchanges,
    String defaultExchange,
    boolean durable,
    String queuePrefix,
    Duration confirmTimeout,
    int prefetch) {

  /** Where OpenStack services publish their notifications (their control exchanges). */
  public static final Map<String, String> OPENSTACK_EXCHANGES =
      Map.of(
          "compute.", "nova",
          "instance.", "nova",
          "service.", "nova",
          "port.", "neutron",
          "network.", "neutron",
          "subnet.", "neutron",
          "alarm.", "aodh");

  public RabbitMqSettings {
    requireNonNull(uri, "uri is null");
    if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme())) {
      throw new IllegalArgumentException("bus URL must be amqp:// or amqps://, not " + uri);
    }
    exchanges = nonEmpty(exchanges, "exchanges");
    topics = nonEmpty(topics, "topics");
    publishTopic = name(publishTopic, "publish topic");
    publishExchanges = Map.copyOf(new LinkedHashMap<>(publishExchanges));
    publishExchanges.values().forEach(exchange -> name(exchange, "publish exchange"));
    defaultExchange = name(defaultExchange, "default exchange");
    queuePrefix = name(queuePrefix, "queue prefix");
    requireNonNull(confirmTimeout, "confirmTimeout is null");
    if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
      throw new IllegalArgumentException("confirm timeout must be positive: " + confirmTimeout);
    }
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch must be positive: " + prefetch);
    }
  }

  /** OpenStack's defaults: consume {@code nova}, {@code neutron}, {@code openstack}. */
  public static RabbitMqSettings defaults(URI uri) {
    return new RabbitMqSettings(
        uri,
        List.of("nova", "neutron", "openstack"),
        List.of("notifications"),
        "notifications",
        OPENSTACK_EXCHANGES,
        "openstack",
        true,
        "faultline",
        Duration.ofSeconds(10),
        256);
  }

  public RabbitMqSettings withQueuePrefix(String prefix) {
    return new RabbitMqSettings(
        uri,
        exchanges,
        topics,
        publishTopic,
        publishExchanges,
        defaultExchange,
        durable,
        prefix,
        confirmTimeout,
        prefetch);
  }

  /** The exchange a notification of this event type is published on. */
  public String exchangeFor(String eventType) {
    String best = null;
    for (String prefix : publishExchanges.keySet()) {
      if (eventType.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? defaultExchange : publishExchanges.get(best);
  }

  /** Every exchange Faultline reads from: the consumed ones and those it publishes on itself. */
  Set<String> consumedExchanges() {
    Set<String> all = new LinkedHashSet<>(exchanges);
    all.addAll(publishExchanges.values());
    all.add(defaultExchange);
    return all;
  }

  /** The binding keys: every priority of every consumed topic. */
  Set<String> bindingKeys() {
    Set<String> keys = new LinkedHashSet<>();
    topics.forEach(topic -> keys.add(topic + ".*"));
    keys.add(publishTopic + ".*");
    return keys;
  }

  private static List<String> nonEmpty(List<String> values, String what) {
    requireNonNull(values, what + " is null");
    if (values.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    values.forEach(value -> name(value, what));
    return List.copyOf(values);
  }

  private static String name(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
