package io.faultline.server.api.compute;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.Hypervisor;
import io.faultline.compute.Instance;
import io.faultline.error.ErrorCode;
import io.faultline.error.FaultlineException;
import io.faultline.server.api.compute.ComputeRepresentations.HostedServer;
import io.faultline.server.api.compute.ComputeRepresentations.HypervisorDetail;
import io.faultline.server.api.compute.ComputeRepresentations.HypervisorRepresentation;
import io.faultline.server.api.compute.ComputeRepresentations.HypervisorSummary;
import io.faultline.server.http.Exchange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

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
    exchange.json(200, new HypervisorBody(HypervisorDetail.from(hypervisor, version)));
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
    exchange.json(
        200,
        new HypervisorBody(
            HypervisorSummary.from(hypervisor, version)
                .withUptime(uptimeLine(hypervisor, Instant.now()))));
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
    exchange.json(
        200,
        new StatisticsBody(
            new Statistics(
                all.size(),
                vcpus,
                vcpusUsed,
                memory,
                memoryUsed,
                memory - memoryUsed,
                disk,
                0,
                disk,
                disk,
                0,
                running)));
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
        new SummaryList(
            matching(exchange, ComputePolicies.HYPERVISORS_SEARCH).stream()
                .map(h -> HypervisorSummary.from(h, version))
                .toList()));
  }

  private void servers(Exchange exchange, Microversion version) {
    List<HypervisorSummary> bodies = new java.util.ArrayList<>();
    for (Hypervisor h : matching(exchange, ComputePolicies.HYPERVISORS_SERVERS)) {
      List<Instance> instances = compute.instancesOn(exchange.credentials(), h.service().host());
      bodies.add(
          HypervisorSummary.from(h, version)
              .withServers(
                  instances.stream()
                      .map(i -> new HostedServer(i.id().value(), "instance-" + i.id().value()))
                      .toList()));
    }
    exchange.json(200, new SummaryList(bodies));
  }

  private void aggregates(Exchange exchange, Microversion version) {
    compute.hypervisors(exchange.credentials(), ComputePolicies.AGGREGATES_INDEX);
    exchange.json(200, new AggregateList(List.of()));
  }

  private void aggregate(Exchange exchange, Microversion version) {
    compute.hypervisors(exchange.credentials(), ComputePolicies.AGGREGATES_SHOW);
    throw FaultlineException.notFound(
        "Aggregate " + exchange.pathParam("id") + " could not be found.");
  }

  record HypervisorBody(HypervisorRepresentation hypervisor) {}

  record SummaryList(List<HypervisorSummary> hypervisors) {}

  /** The totals over every hypervisor; Faultline's hosts have no local disk in use. */
  record Statistics(
      int count,
      long vcpus,
      @JsonProperty("vcpus_used") long vcpusUsed,
      @JsonProperty("memory_mb") long memoryMb,
      @JsonProperty("memory_mb_used") long memoryMbUsed,
      @JsonProperty("free_ram_mb") long freeRamMb,
      @JsonProperty("local_gb") long localGb,
      @JsonProperty("local_gb_used") int localGbUsed,
      @JsonProperty("free_disk_gb") long freeDiskGb,
      @JsonProperty("disk_available_least") long diskAvailableLeast,
      @JsonProperty("current_workload") int currentWorkload,
      @JsonProperty("running_vms") long runningVms) {}

  record StatisticsBody(@JsonProperty("hypervisor_statistics") Statistics statistics) {}

  /** Faultline keeps no aggregates: the list is always empty. */
  record AggregateList(List<Object> aggregates) {}
}
