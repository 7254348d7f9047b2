package io.faultline.server.metrics;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's meter registry, scraped in Prometheus' text format at {@code /metrics}: the JVM
 * (memory, GC, threads, class loading), the process (CPU, uptime, file descriptors), the connection
 * pool, HTTP requests and the fault loop's own meters. Gauges that read the store are refreshed
 * once per scrape, not on any request path.
 */
public final class ServerMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerMetrics.class);

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  public ServerMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Reports the connection pool's meters ({@code hikaricp_connections_*}) to this registry. */
  public MetricsTrackerFactory poolMetrics() {
    return new MicrometerMetricsTrackerFactory(registry);
  }

  /** Runs {@code refresh} before each scrape, e.g. to read a count from the store. */
  public void beforeScrape(Runnable refresh) {
    beforeScrape.add(requireNonNull(refresh, "refresh is null"));
  }

  /** Every meter in Prometheus' text format, store-backed gauges refreshed first. */
  public String scrape() {
    for (Runnable refresh : beforeScrape) {
      try {
        refresh.run();
      } catch (RuntimeException e) {
        // The store may be down: the scrape still answers, with the last values seen.
        log.warn("could not refresh a store-backed gauge: {}", e.toString());
      }
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
