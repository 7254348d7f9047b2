package io.faultline.server.api.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmPolicies;
import io.faultline.bus.Notification;
import io.faultline.cause.FaultId;
import io.faultline.cluster.ClusterChannel;
import io.faultline.cluster.ClusterMessage;
import io.faultline.compute.ComputePolicies;
import io.faultline.compute.ComputeService;
import io.faultline.compute.HostSummary;
import io.faultline.doctor.Fault;
import io.faultline.doctor.FaultListener;
import io.faultline.doctor.FaultLog;
import io.faultline.doctor.InspectorPolicies;
import io.faultline.error.FaultlineException;
import io.faultline.identity.IdentityService;
import io.faultline.network.NetworkPolicies;
import io.faultline.network.NetworkService;
import io.faultline.policy.Credentials;
import io.faultline.policy.Policy;
import io.faultline.server.api.inspector.InspectorApi;
import io.faultline.server.http.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's live feed ({@code GET /v1/stream}, server-sent events). Bus notifications mark the
 * hosts and projects they touch, the fault log the faults that moved, the alarm service the
 * projects whose alarms changed; a flush a few times a second turns what changed into events, each
 * subscriber getting only what its policy lets it read:
 *
 * <ul>
 *   <li>{@code hosts}: fleet rows of changed hosts (who may list compute services and see ports'
 *       binding host), also when a host's heartbeat goes stale or comes back;
 *   <li>{@code fault}: a fault whose timeline moved (who may read faults); {@code faults} when too
 *       many moved at once to send each;
 *   <li>{@code alarms}: the projects whose alarms changed state or definition or had a delivery
 *       outcome, among those whose alarms the subscriber may list;
 *   <li>{@code project}: the subscriber's project's instances or ports changed (everyone else).
 * </ul>
 *
 * <p>In a cluster, faults and alarm activity handled on another node arrive on the cluster channel
 * once that node has written them to the store, from where this node reads them.
 *
 * <p>The token travels in the {@code X-Auth-Token} header (the console reads the stream with
 * fetch), never in the URL; it is checked again at every keep-alive, so a revoked token ends the
 * stream.
 */
public final class EventStream implements FaultListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
  private static final int QUEUE_BOUND = 2_000;

  /** More faults changed than this in one flush: subscribers reload the fault list instead. */
  private static final int FAULTS_PER_FLUSH = 50;

  /** More changed hosts than this in one flush: subscribers reload the whole fleet instead. */
  private static final int HOSTS_PER_EVENT = 200;

  private final ComputeService compute;
  private final NetworkService network;
  private final FaultLog faultLog;
  private final IdentityService identity;
  private final Policy policy;
  private final ObjectMapper mapper;
  private final InstantSource clock;
  private final ClusterChannel cluster;
  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
  private final Set<String> changedHosts = ConcurrentHashMap.newKeySet();
  private final Set<String> changedProjects = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();
  private final Map<String, Boolean> beating = new HashMap<>();
  private final Set<FaultId> changedFaults = ConcurrentHashMap.newKeySet();
  private final Set<FaultId> savedFaults = ConcurrentHashMap.newKeySet();
  private final Set<String> alarmProjects = ConcurrentHashMap.newKeySet();
  private final Set<String> localAlarmProjects = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public EventStream(
      ComputeService compute,
      NetworkService network,
      FaultLog faultLog,
      IdentityService identity,
      Policy policy,
      ObjectMapper mapper,
      InstantSource clock,
      ClusterChannel cluster) {
    this.compute = requireNonNull(compute, "compute is null");
    this.network = requireNonNull(network, "network is null");
    this.faultLog = requireNonNull(faultLog, "faultLog is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.cluster = requireNonNull(cluster, "cluster is null");
  }

  private static final class Subscriber {
    final Credentials credentials;
    final boolean fleet;
    final boolean faults;
    final BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE_BOUND);

    Subscriber(Credentials credentials, boolean fleet, boolean faults) {
      this.credentials = credentials;
      this.fleet = fleet;
      this.faults = faults;
    }

    /** Queues an event; a subscriber too slow to keep up is told to reload everything instead. */
    void offer(String event) {
      if (!queue.offer(event)) {
        queue.clear();
        queue.offer(frame("resync", "{}"));
      }
    }
  }

  /** What a bus notification changed: its host and its project, when it names them. */
  public void onNotification(Notification notification) {
    Map<String, Object> payload = notification.payload();
    Object subject =
        notification.eventType().startsWith("port.") ? payload.get("port") : (Object) payload;
    if (!(subject instanceof Map<?, ?> fields)) {
      return;
    }
    Object host = fields.get("host");
    if (host == null) {
      host = fields.get("binding:host_id");
    }
    if (host instanceof String name && !name.isEmpty()) {
      changedHosts.add(name);
    }
    Object project = fields.get("tenant_id");
    if (project == null) {
      project = fields.get("project_id");
    }
    if (project instanceof String name && !name.isEmpty()) {
      changedProjects.add(name);
    }
  }

  /** A fault of this process's log moved: it is sent to the subscribers at the next flush. */
  @Override
  public void changed(FaultId fault) {
    changedFaults.add(fault);
  }

  /** A fault of this process's log is in the store: the other nodes may now read it. */
  @Override
  public void saved(FaultId fault) {
    savedFaults.add(fault);
  }

  /** Alarms of a project changed here, durably. */
  public void onAlarmActivity(String projectId, AlarmId alarm) {
    alarmProjects.add(projectId);
    localAlarmProjects.add(projectId);
  }

  /** What another node tells: a fault or alarms it handled, now in the store. */
  public void onClusterMessage(ClusterMessage message) {
    switch (message.kind()) {
      case FAULT_CHANGED -> changedFaults.add(new FaultId(message.subject()));
      case ALARM_ACTIVITY -> alarmProjects.add(message.subject());
      case ALARM_CHANGED, TOKENS_INVALIDATED, HOST_BEAT -> {}
    }
  }

  /** A host's heartbeat: it may bring a silent host back, which no notification announces. */
  public void onHeartbeat(String host) {
    heartbeats.put(host, clock.instant());
  }

  /** Turns what changed since the last flush into events; runs on one scheduler thread. */
  public void flush() {
    try {
      announce();
    } catch (RuntimeException e) {
      log.warn("could not tell the other nodes of console changes", e);
    }
    if (subscribers.isEmpty()) {
      changedHosts.clear();
      changedProjects.clear();
      changedFaults.clear();
      alarmProjects.clear();
      return;
    }
    try {
      Set<String> hosts = drain(changedHosts);
      hosts.addAll(heartbeatFlips());
      Set<String> projects = drain(changedProjects);
      Optional<List<Fault>> faults = changedFaults();
      Set<String> alarms = drain(alarmProjects);
      for (Subscriber subscriber : subscribers) {
        publish(subscriber, hosts, projects, faults, alarms);
      }
    } catch (RuntimeException e) {
      log.warn("console stream flush failed", e);
    }
  }

  /**
   * Tells the other nodes, once per flush, which faults and which projects' alarms changed here: at
   * most one message per fault or project however often it changed.
   */
  private void announce() {
    for (FaultId fault : drain(savedFaults)) {
      cluster.publish(new ClusterMessage(ClusterMessage.Kind.FAULT_CHANGED, fault.value()));
    }
    for (String project : drain(localAlarmProjects)) {
      cluster.publish(new ClusterMessage(ClusterMessage.Kind.ALARM_ACTIVITY, project));
    }
  }

  private void publish(
      Subscriber subscriber,
      Set<String> hosts,
      Set<String> projects,
      Optional<List<Fault>> faults,
      Set<String> alarms) {
    if (subscriber.fleet && !hosts.isEmpty()) {
      subscriber.offer(hostsEvent(subscriber.credentials, hosts));
    }
    if (subscriber.credentials.projectId().map(projects::contains).orElse(false)) {
      subscriber.offer(frame("project", "{}"));
    }
    if (subscriber.faults) {
      faults.ifPresentOrElse(
          list ->
              list.forEach(
                  fault ->
                      subscriber.offer(frame("fault", json(InspectorApi.representation(fault))))),
          () -> subscriber.offer(frame("faults", "{}")));
    }
    List<String> visible =
        alarms.stream().filter(project -> mayListAlarms(subscriber, project)).sorted().toList();
    if (!visible.isEmpty()) {
      subscriber.offer(frame("alarms", json(new AlarmProjects(visible))));
    }
  }

  /** As the alarm list: an admin any project's, everyone else their own project's only. */
  private boolean mayListAlarms(Subscriber subscriber, String project) {
    Credentials credentials = subscriber.credentials;
    boolean inScope =
        credentials.isAdmin() || credentials.projectId().map(project::equals).orElse(false);
    return inScope
        && policy.allows(AlarmPolicies.GET_ALARMS, credentials, Map.of("project_id", project));
  }

  private String hostsEvent(Credentials credentials, Set<String> hosts) {
    if (hosts.size() > HOSTS_PER_EVENT) {
      return frame("fleet", "{}");
    }
    List<HostSummary> summaries = new ArrayList<>();
    Map<String, Integer> down = new HashMap<>();
    for (String host : hosts) {
      summaries.addAll(compute.fleet(credentials, Optional.of(host)));
      down.putAll(network.dataPlaneDownByHost(credentials, Optional.of(host)));
    }
    return frame(
        "hosts",
        json(
            FleetRepresentation.from(
                summaries, down, clock.instant(), compute.settings().serviceDownTime())));
  }

  /** Hosts whose heartbeat went stale or came back since the last flush. */
  private Set<String> heartbeatFlips() {
    Set<String> flipped = new java.util.HashSet<>();
    Instant now = clock.instant();
    Duration downTime = compute.settings().serviceDownTime();
    heartbeats.forEach(
        (host, beat) -> {
          boolean fresh = Duration.between(beat, now).compareTo(downTime) <= 0;
          Boolean before = beating.put(host, fresh);
          if (before != null && before != fresh) {
            flipped.add(host);
          }
        });
    return flipped;
  }

  /**
   * Faults that changed since the last flush, here or (read from the store) on another node; empty
   * when more changed than are worth sending one by one, and the subscribers should reload.
   */
  private Optional<List<Fault>> changedFaults() {
    Set<FaultId> ids = drain(changedFaults);
    if (ids.isEmpty() || subscribers.stream().noneMatch(subscriber -> subscriber.faults)) {
      return Optional.of(List.of());
    }
    if (ids.size() > FAULTS_PER_FLUSH) {
      return Optional.empty();
    }
    List<Fault> changed = new ArrayList<>(ids.size());
    for (FaultId id : ids) {
      faultLog.find(id).ifPresent(changed::add);
    }
    return Optional.of(changed);
  }

  /** Serves one subscriber until it leaves, its token stops being valid or the server stops. */
  public void serve(Exchange exchange) throws IOException {
    Credentials credentials = exchange.credentials();
    String token = exchange.header("X-Auth-Token").orElse("");
    Subscriber subscriber =
        new Subscriber(
            credentials,
            policy.allows(ComputePolicies.SERVICES_LIST, credentials, Map.of())
                && policy.allows(NetworkPolicies.GET_PORT_BINDING_HOST_ID, credentials, Map.of()),
            policy.allows(InspectorPolicies.LIST_FAULTS, credentials, Map.of())
                && policy.allows(InspectorPolicies.GET_FAULT, credentials, Map.of()));
    Ready ready =
        new Ready(subscriber.fleet, subscriber.faults, credentials.projectId().orElse(null));
    OutputStream out = exchange.openEventStream();
    subscribers.add(subscriber);
    try {
      write(out, frame("ready", json(ready)));
      while (!closed) {
        String event = subscriber.queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
          if (!stillValid(token)) {
            write(out, frame("expired", "{}"));
            return;
          }
          event = ": keep-alive\n\n";
        }
        write(out, event);
      }
    } catch (IOException e) {
      log.debug("console stream subscriber left: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      subscribers.remove(subscriber);
    }
  }

  private boolean stillValid(String token) {
    try {
      identity.authenticateToken(token);
      return true;
    } catch (FaultlineException e) {
      return false;
    }
  }

  private static void write(OutputStream out, String event) throws IOException {
    out.write(event.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String frame(String event, String data) {
    return "event: " + event + "\ndata: " + data + "\n\n";
  }

  /** The first event: which views the subscriber may follow, and its project (null unscoped). */
  record Ready(boolean fleet, boolean faults, @JsonProperty("project_id") String projectId) {}

  /** The projects whose alarms changed since the last flush, among those the subscriber sees. */
  record AlarmProjects(@JsonProperty("project_ids") List<String> projectIds) {}

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stream event is not serializable", e);
    }
  }

  private static <T> Set<T> drain(Set<T> changed) {
    Set<T> drained = new java.util.HashSet<>();
    var values = changed.iterator();
    while (values.hasNext()) {
      drained.add(values.next());
      values.remove();
    }
    return drained;
  }

  @Override
  public void close() {
    closed = true;
    subscribers.forEach(subscriber -> subscriber.queue.offer(": closing\n\n"));
  }
}
