package io.faultline.server.config;

import io.faultline.rabbitmq.RabbitMqSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bus.*}: the notification bus. Without a URL, the in-process bus; with an {@code amqp://}
 * URL, RabbitMQ in the oslo.messaging format, beside the cloud's own services.
 *
 * @param url {@code amqp://user:password@host:5672} ({@code bus.url}, env {@code
 *     FAULTLINE_BUS_URL}); a path names the virtual host ({@code /%2F} is {@code /}, the default)
 * @param exchanges exchanges consumed ({@code bus.exchanges}: nova, neutron, openstack)
 * @param topics notification topics consumed on them, every priority ({@code bus.topics}:
 *     notifications)
 * @param publishTopic topic published on; routing key {@code <topic>.<priority>} ({@code
 *     bus.publish-topic}: notifications)
 * @param publishExchanges event-type prefix → exchange ({@code bus.publish-exchanges}: compute.,
 *     instance., service. → nova; port., network., subnet. → neutron; alarm. → aodh)
 * @param defaultExchange exchange for other event types ({@code bus.default-exchange}: openstack)
 * @param durable durable exchanges and queues, persistent messages; must match the cloud's {@code
 *     amqp_durable_queues} ({@code bus.durable}: true)
 * @param queuePrefix Faultline's queues are {@code <prefix>.<consumer>} ({@code bus.queue-prefix}:
 *     faultline)
 * @param confirmTimeout longest wait for RabbitMQ's publisher confirm ({@code bus.confirm-timeout}:
 *     PT10S)
 * @param prefetch unacknowledged messages per consumer ({@code bus.prefetch}: 256)
 */
public record BusConfig(
    String url,
    List<String> exchanges,
    List<String> topics,
    String publishTopic,
    Map<String, String> publishExchanges,
    String defaultExchange,
    Boolean durable,
    String queuePrefix,
    Duration confirmTimeout,
    Integer prefetch) {
  public BusConfig {
    url = url == null || url.isBlank() ? null : url;
    exchanges = exchanges == null ? List.of("nova", "neutron", "openstack") : exchanges;
    topics = topics == null ? List.of("notifications") : topics;
    publishTopic = publishTopic == null ? "notifications" : publishTopic;
    publishExchanges =
        publishExchanges == null ? RabbitMqSettings.OPENSTACK_EXCHANGES : publishExchanges;
    defaultExchange = defaultExchange == null ? "openstack" : defaultExchange;
    durable = durable == null || durable;
    queuePrefix = queuePrefix == null ? "faultline" : queuePrefix;
    confirmTimeout = confirmTimeout == null ? Duration.ofSeconds(10) : confirmTimeout;
    prefetch = prefetch == null ? 256 : prefetch;
    if (url != null) {
      settings(
          url,
          exchanges,
          topics,
          publishTopic,
          publishExchanges,
          defaultExchange,
          durable,
          queuePrefix,
          confirmTimeout,
          prefetch);
    }
  }

  public static BusConfig defaults() {
    return new BusConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** RabbitMQ's settings, when a URL selects it. */
  public Optional<RabbitMqSettings> rabbitMq() {
    return Optional.ofNullable(url)
        .map(
            value ->
                settings(
                    value,
                    exchanges,
                    topics,
                    publishTopic,
                    publishExchanges,
                    defaultExchange,
                    durable,
                    queuePrefix,
                    confirmTimeout,
                    prefetch));
  }

  @SuppressWarnings("TooManyParameters")
  private static RabbitMqSettings settings(
      String url,
      List<String> exchanges,
      List<String> topics,
      String publishTopic,
      Map<String, String> publishExchanges,
      String defaultExchange,
      boolean durable,
      String queuePrefix,
      Duration confirmTimeout,
      int prefetch) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bus.url is not a URL: " + url, e);
    }
    try {
      return new RabbitMqSettings(
          uri,
          exchanges,
          topics,
          publishTopic,
          publishExchanges,
          defaultExchange,
          durable,
          queuePrefix,
          confirmTimeout,
          prefetch);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bus: " + e.getMessage(), e);
    }
  }
}
