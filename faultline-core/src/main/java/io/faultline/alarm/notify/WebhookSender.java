package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code http://} and {@code https://}: POSTs Aodh's webhook body with Jetty's asynchronous HTTP
 * client. Each destination (scheme, host, port) has its own bounded pool of keep-alive connections;
 * requests beyond it wait in that destination's queue. So 50 or 1,000 webhooks to one consumer
 * neither open a socket each nor go in single file, and a slow or dead consumer fills only its own
 * pool. The pool's size depends on the consumer's last answer:
 *
 * <ul>
 *   <li>a consumer that keeps its connections open (HTTP/1.1 without {@code Connection: close})
 *       gets up to {@code maxConnectionsPerDestination};
 *   <li>one that closes each connection after its answer (HTTP/1.0, as Python's {@code http.server}
 *       and so OPNFV Doctor's sample consumer do), or that has not answered yet, gets {@value
 *       #CLOSING_CONSUMER_CONNECTIONS}: each of its requests is a new connect, and more at once
 *       would overflow a small listen backlog ({@code http.server}'s is 5), leaving a webhook to a
 *       TCP retry a second later.
 * </ul>
 *
 * <p>Two clients, one per pool size, share one thread pool. Each attempt is classified: 2xx sent;
 * 429, 5xx, timeouts and I/O errors retryable; any other status permanent. Cookies a consumer sets
 * are neither kept nor sent.
 */
public final class WebhookSender implements ActionSender, AutoCloseable {
  public static final String DELIVERY_ID_HEADER = "X-Faultline-Delivery-Id";
  public static final String FAULT_ID_HEADER = "X-Faultline-Fault-Id";

  /** Queued requests per destination beyond which an attempt is retried later. */
  private static final int MAX_QUEUED_PER_DESTINATION = 100_000;

  /** Connections at once to a consumer that closes its connections, or has not answered yet. */
  static final int CLOSING_CONSUMER_CONNECTIONS = 4;

  private final QueuedThreadPool threads;

  /**
   * For consumers not known to keep connections open: a pool of {@link
   * #CLOSING_CONSUMER_CONNECTIONS}.
   */
  private final HttpClient closingClient;

  /** For consumers whose last answer kept its connection open: the full pool. */
  private final HttpClient keepAliveClient;

  private final Duration timeout;

  /** Whether each destination's last answer left its connection open. */
  private final Map<String, Boolean> keepsAlive = new ConcurrentHashMap<>();

  /**
   * @param connectTimeout how long opening a connection may take
   * @param timeout how long one attempt may take in all, waiting for a connection included
   * @param maxConnectionsPerDestination the most keep-alive connections kept open to one consumer
   *     that keeps connections open
   */
  public WebhookSender(
      Duration connectTimeout, Duration timeout, int maxConnectionsPerDestination) {
    requireNonNull(connectTimeout, "connectTimeout is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    if (maxConnectionsPerDestination < 1) {
      throw new IllegalArgumentException("maxConnectionsPerDestination must be positive");
    }
    threads = new QueuedThreadPool(16, 2);
    threads.setName("webhook-client");
    threads.setDaemon(true);
    try {
      // Started first, so both clients share it without either stopping it.
      threads.start();
      closingClient =
          startClient(
              Math.min(CLOSING_CONSUMER_CONNECTIONS, maxConnectionsPerDestination), connectTimeout);
      keepAliveClient = startClient(maxConnectionsPerDestination, connectTimeout);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot start the webhook HTTP client", e);
    }
  }

  private HttpClient startClient(int maxConnections, Duration connectTimeout) throws Exception {
    HttpClient client = new HttpClient();
    client.setExecutor(threads);
    client.setMaxConnectionsPerDestination(maxConnections);
    client.setMaxRequestsQueuedPerDestination(MAX_QUEUED_PER_DESTINATION);
    client.setConnectTimeout(connectTimeout.toMillis());
    client.setIdleTimeout(Duration.ofMinutes(1).toMillis());
    client.setFollowRedirects(false);
    // No cookies: one a consumer sets would go with every later webhook to the same host, another
    // tenant's included, and each request paid for matching the store.
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.setUserAgentField(null);
    client.start();
    return client;
  }

  @Override
  public CompletableFuture<DeliveryOutcome> send(Delivery delivery) {
    String destination = Notifier.destination(delivery.action());
    Request request;
    try {
      HttpClient client =
          Boolean.TRUE.equals(keepsAlive.get(destination)) ? keepAliveClient : closingClient;
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
        result -> {
          Response response = result.getResponse();
          if (response != null && result.getResponseFailure() == null) {
            keepsAlive.put(destination, keptAlive(response));
            outcome.complete(classify(response.getStatus()));
          } else {
            outcome.complete(fail(result.getFailure()));
          }
        });
    return outcome;
  }

  private static boolean keptAlive(Response response) {
    return response.getVersion() == HttpVersion.HTTP_1_1
        && !response.getHeaders().contains(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
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
    // Each is stopped even when one before it fails, so none is left running.
    IllegalStateException failure = null;
    for (LifeCycle part : new LifeCycle[] {keepAliveClient, closingClient, threads}) {
      try {
        if (part != null) {
          part.stop();
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("cannot stop the webhook HTTP client", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
