package io.faultline.server.api.ops;

import static java.util.Objects.requireNonNull;

import io.faultline.server.http.ApiModule;
import io.faultline.server.http.HttpServer;
import io.faultline.server.http.Router;
import io.faultline.server.http.Service;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz} (liveness: the process answers), {@code /readyz} (readiness: started and the
 * store answers; 503 with {@code Retry-After} otherwise) and {@code /metrics} for Prometheus; no
 * token needed.
 */
public final class OperationsApi implements ApiModule {
  private final Supplier<String> metrics;
  private final BooleanSupplier ready;
  private final BooleanSupplier storeReachable;

  /**
   * @param metrics every meter in Prometheus' text format, read at each scrape
   */
  public OperationsApi(
      Supplier<String> metrics, BooleanSupplier ready, BooleanSupplier storeReachable) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.ready = requireNonNull(ready, "ready is null");
    this.storeReachable = requireNonNull(storeReachable, "storeReachable is null");
  }

  @Override
  public void register(Router router) {
    router.getPublic(
        Service.FAULTLINE,
        "/healthz",
        exchange -> {
          boolean up = ready.getAsBoolean();
          exchange.json(up ? 200 : 503, new Health(up ? "ok" : "starting"));
        });
    router.getPublic(
        Service.FAULTLINE,
        "/readyz",
        exchange -> {
          String status =
              !ready.getAsBoolean()
                  ? "starting"
                  : storeReachable.getAsBoolean() ? "ok" : "database unreachable";
          if (!status.equals("ok")) {
            exchange.header("Retry-After", Integer.toString(HttpServer.RETRY_AFTER_SECONDS));
          }
          exchange.json(status.equals("ok") ? 200 : 503, new Health(status));
        });
    router.getPublic(
        Service.FAULTLINE,
        "/metrics",
        exchange -> {
          exchange.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.text(200, metrics.get());
        });
  }

  /** What a health or readiness probe answers: {@code ok}, or why not yet. */
  record Health(String status) {}
}
