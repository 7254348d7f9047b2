package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code http://} and {@code https://}: POSTs Aodh's webhook body. Asynchronous, so one slow
 * receiver holds no thread and delays no other delivery. Each attempt is classified: 2xx sent; 429,
 * 5xx, timeouts and I/O errors retryable; any other status permanent.
 */
public final class WebhookSender implements ActionSender {
  public static final String DELIVERY_ID_HEADER = "X-Faultline-Delivery-Id";
  public static final String FAULT_ID_HEADER = "X-Faultline-Fault-Id";

  private final HttpClient client;
  private final Duration timeout;

  public WebhookSender(HttpClient client, Duration timeout) {
    this.client = requireNonNull(client, "client is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  public static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
  }

  @Override
  public CompletableFuture<DeliveryOutcome> send(Delivery delivery) {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(delivery.action()))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("x-openstack-request-id", "req-" + UUID.randomUUID())
              .header(DELIVERY_ID_HEADER, delivery.id().value())
              .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
      delivery.faultId().ifPresent(faultId -> builder.header(FAULT_ID_HEADER, faultId.value()));
      request = builder.build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new DeliveryOutcome.Permanent(
              "invalid URL " + delivery.action() + ": " + e.getMessage()));
    }
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> error == null ? classify(response.statusCode()) : fail(error));
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

  private static DeliveryOutcome fail(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return new DeliveryOutcome.Retryable("timeout: " + cause.getMessage());
    }
    if (cause instanceof IOException) {
      return new DeliveryOutcome.Retryable(
          "connection error: " + cause.getClass().getSimpleName() + " " + cause.getMessage());
    }
    return new DeliveryOutcome.Permanent(
        "cannot send: " + cause.getClass().getSimpleName() + " " + cause.getMessage());
  }
}
