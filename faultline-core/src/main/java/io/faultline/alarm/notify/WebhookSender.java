package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code http://} and {@code https://}: POSTs Aodh's webhook body with Jetty's asynchronous HTTP
 * client. Each destination (scheme, host, port) has its own bounded pool of keep-alive connections,
 * and requests beyond it wait in that destination's queue: 50 or 1,000 webhooks to one consumer
 * neither open a socket each (which overflows a small listen backlog, such as the 5 of Python's
 * {@code http.server}) nor go in single file, and a slow or dead consumer fills only its own pool.
 * Each attempt is classified: 2xx sent; 429, 5xx, timeouts and I/O errors retryable; any other
 * status permanent. Cookies a consumer sets are neither kept nor sent.
 */
public final class WebhookSender implements ActionSender, AutoCloseable {
  public static final String DELIVERY_ID_HEADER = "X-Faultline-Delivery-Id";
  public static final String FAULT_ID_HEADER = "X-Faultline-Fault-Id";

  /** Queued requests per destination beyond which an attempt is retried later. */
  private static final int MAX_QUEUED_PER_DESTINATION = 100_000;

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param connectTimeout how long opening a connection may take
   * @param timeout how long one attempt may take in all, waiting for a connection included
   * @param maxConnectionsPerDestination the keep-alive connections kept open to one consumer
   */
  public WebhookSender(
      Duration connectTimeout, Duration timeout, int maxConnectionsPerDestination) {
    requireNonNull(connectTimeout, "connectTimeout is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    if (maxConnectionsPerDestination < 1) {
      throw new IllegalArgumentException("maxConnectionsPerDestination must be positive");
    }
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("webhook-client");
    threads.setDaemon(true);
    this.client = new HttpClient();
    client.setExecutor(threads);
    client.setMaxConnectionsPerDestination(maxConnectionsPerDestination);
    client.setMaxRequestsQueuedPerDestination(MAX_QUEUED_PER_DESTINATION);
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setIdleTimeout(Duration.ofMinutes(1).toMillis());
    client.setFollowRedirects(false);
    // No cookies: a cookie one consumer sets would otherwise go with every later webhook to the
    // same
    // host, another tenant's included, and each request paid for matching the store.
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.setUserAgentField(null);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the webhook HTTP client", e);
    }
  }

  @Override
  public CompletableFuture<DeliveryOutcome> send(Delivery delivery) {
    Request request;
    try {
      request =
          client
              .newRequest(delivery.action())
              .method(HttpMethod.POST)
              .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .headers(
                  headers -> {
                    headers.put("x-openstack-request-id", "req-" + UUID.randomUUID());
                    headers.put(DELIVERY_ID_HEADER, delivery.id().value());
                    delivery
                        .faultId()
                        .ifPresent(faultId -> headers.put(FAULT_ID_HEADER, faultId.value()));
                  })
              .body(new StringRequestContent("application/json", delivery.body()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new DeliveryOutcome.Permanent(
              "invalid URL " + delivery.action() + ": " + e.getMessage()));
    }
    CompletableFuture<DeliveryOutcome> outcome = new CompletableFuture<>();
    request.send(
        result ->
            outcome.complete(
                result.getResponse() != null && result.getResponseFailure() == null
                    ? classify(result.getResponse().getStatus())
                    : fail(result.getFailure())));
    return outcome;
  }

  static DeliveryOutcome classify(int status) {
    if (status >= 200 && status < 300) {
      return new DeliveryOutcome.Sent(status);
    }
    if (status == 429 || status >= 500) {
      return new DeliveryOutcome.Retryable("HTTP " + status);
    }
    return new DeliveryOutcome.Permanent("HTTP " + status);
  }

  private static DeliveryOutcome fail(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return new DeliveryOutcome.Retryable("timeout: " + cause.getMessage());
    }
    if (cause instanceof IOException || cause instanceof RejectedExecutionException) {
      return new DeliveryOutcome.Retryable(
          "connection error: " + cause.getClass().getSimpleName() + " " + cause.getMessage());
    }
    return new DeliveryOutcome.Permanent(
        "cannot send: " + cause.getClass().getSimpleName() + " " + cause.getMessage());
  }

  /** Closes the connections; attempts in flight fail and stay pending in the store. */
  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the webhook HTTP client", e);
    }
  }
}
