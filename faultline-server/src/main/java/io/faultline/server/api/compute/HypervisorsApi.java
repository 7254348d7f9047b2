package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.Hypervisor;
import io.faultline.compute.Instance;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.server.http.Exchange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nova's os-hypervisors beyond the lists: show, uptime, statistics, search by host name and the
 * servers of a host; and os-aggregates, of which Faultline has none.
 */
final class HypervisorsApi {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ComputeService compute;

  HypervisorsApi(ComputeService compute) {
    this.compute = requireNonNull(compute, "compute is null");
  }

  void register(NovaRoutes nova) {
    nova.get("/os-hypervisors/statistics", this::statistics);
    nova.get("/os-hypervisors/{id}", this::show);
    nova.get("/os-hypervisors/{id}/uptime", this::uptime);
    nova.get("/os-hypervisors/{pattern}/search", this::search);
    nova.get("/os-hypervisors/{pattern}/servers", this::servers);
    nova.get("/os-aggregates", this::aggregates);
    nova.get("/os-aggregates/{id}", this::aggregate);
  }

  private Hypervisor find(Exchange exchange, Microversion version, String rule) {
    String id = exchange.pathParam("id");
    return compute.hypervisors(exchange.credentials(), rule).stream()
        .filter(
            h -> String.valueOf(ComputeRepresentations.id(h.service().id(), version)).equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                FaultlineException.notFound("Hypervisor with ID '" + id + "' could not be found."));
  }

  private void show(Exchange exchange, Microversion version) {
    Hypervisor hypervisor = find(exchange, version, ComputePolicies.HYPERVISORS_SHOW);
    exchange.json(
        200, Map.of("hypervisor", ComputeRepresentations.hypervisor(hypervisor, true, version)));
  }

  /**
   * The line {@code uptime} prints, from what the host's agent reported; a host whose agent never
   * reported its boot time answers as a Nova driver without uptime does: 501.
   */
  private void uptime(Exchange exchange, Microversion version) {
    Hypervisor hypervisor = find(exchange, version, ComputePolicies.HYPERVISORS_UPTIME);
    if (hypervisor.report().bootedAt().isEmpty()) {
      throw new FaultlineException(
          ErrorCode.NOT_IMPLEMENTED, "Virt driver does not implement uptime function.");
    }
    Map<String, Object> body =
        new LinkedHashMap<>(ComputeRepresentations.hypervisor(hypervisor, false, version));
    body.put("uptime", uptimeLine(hypervisor, Instant.now()));
    exchange.json(200, Map.of("hypervisor", body));
  }

  static String uptimeLine(Hypervisor hypervisor, Instant now) {
    Duration up = Duration.between(hypervisor.report().bootedAt().orElseThrow(), now);
    if (up.isNegative()) {
      up = Duration.ZERO;
    }
    long days = up.toDays();
    String clock =
        String.format(java.util.Locale.ROOT, "%d:%02d", up.toHoursPart(), up.toMinutesPart());
    String since = days > 0 ? days + (days == 1 ? " day, " : " days, ") + clock : clock;
    return " "
        + CLOCK.format(now)
        + " up "
        + since
        + ",  0 users,  load average: "
        + hypervisor.report().loadAverage().orElse("0.00, 0.00, 0.00");
  }

  private void statistics(Exchange exchange, Microversion version) {
    List<Hypervisor> all =
        compute.hypervisors(exchange.credentials(), ComputePolicies.HYPERVISORS_STATISTICS);
    long vcpus = 0;
    long vcpusUsed = 0;
    long memory = 0;
    long memoryUsed = 0;
    long running = 0;
    for (Hypervisor h : all) {
      vcpus += h.service().vcpus();
      vcpusUsed += h.usage().vcpus();
      memory += h.service().memoryMb();
      memoryUsed += h.usage().memoryMb();
      running += h.usage().instances();
    }
    long disk = (long) ComputeRepresentations.LOCAL_GB * all.size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", all.size());
    body.put("vcpus", vcpus);
    body.put("vcpus_used", vcpusUsed);
    body.put("memory_mb", memory);
    body.put("memory_mb_used", memoryUsed);
    body.put("free_ram_mb", memory - memoryUsed);
    body.put("local_gb", disk);
    body.put("local_gb_used", 0);
    body.put("free_disk_gb", disk);
    body.put("disk_available_least", disk);
    body.put("current_workload", 0);
    body.put("running_vms", running);
    exchange.json(200, Map.of("hypervisor_statistics", body));
  }

  /** Nova matches the host name as a substring (SQL LIKE %pattern%). */
  private List<Hypervisor> matching(Exchange exchange, String rule) {
    String pattern = exchange.pathParam("pattern");
    List<Hypervisor> found =
        compute.hypervisors(exchange.credentials(), rule).stream()
            .filter(h -> h.service().host().contains(pattern))
            .toList();
    if (found.isEmpty()) {
      throw FaultlineException.notFound("No hypervisor matching '" + pattern + "' could be found.");
    }
    return found;
  }

  private void search(Exchange exchange, Microversion version) {
    exchange.json(
        200,
        Map.of(
            "hypervisors",
            matching(exchange, ComputePolicies.HYPERVISORS_SEARCH).stream()
                .map(h -> ComputeRepresentations.hypervisor(h, false, version))
                .toList()));
  }

  private void servers(Exchange exchange, Microversion version) {
    List<Map<String, Object>> bodies = new java.util.ArrayList<>();
    for (Hypervisor h : matching(exchange, ComputePolicies.HYPERVISORS_SERVERS)) {
      Map<String, Object> body =
          new LinkedHashMap<>(ComputeRepresentations.hypervisor(h, false, version));
      List<Instance> instances = compute.instancesOn(exchange.credentials(), h.service().host());
      if (!instances.isEmpty()) {
        body.put(
            "servers",
            instances.stream()
                .map(i -> Map.of("uuid", i.id().value(), "name", "instance-" + i.id().value()))
                .toList());
      }
      bodies.add(body);
    }
    exchange.json(200, Map.of("hypervisors", bodies));
  }

  private void aggregates(Exchange exchange, Microversion version) {
    compute.hypervisors(exchange.credentials(), ComputePolicies.AGGREGATES_INDEX);
    exchange.json(200, Map.of("aggregates", List.of()));
  }

  private void aggregate(Exchange exchange, Microversion version) {
    compute.hypervisors(exchange.credentials(), ComputePolicies.AGGREGATES_SHOW);
    throw FaultlineException.notFound(
        "Aggregate " + exchange.pathParam("id") + " could not be found.");
  }
}
