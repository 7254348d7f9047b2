package io.faultline.server.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.faultline.alarm.AlarmActivityListener;
import io.faultline.alarm.AlarmChangeFollower;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmIndex;
import io.faultline.alarm.AlarmLocks;
import io.faultline.alarm.AlarmPolicies;
import io.faultline.alarm.AlarmService;
import io.faultline.alarm.AlarmSettings;
import io.faultline.alarm.EventAlarmEvaluator;
import io.faultline.alarm.EventDefinition;
import io.faultline.alarm.EventDefinitions;
import io.faultline.alarm.StoreDeliveryJournal;
import io.faultline.alarm.TransitionWriter;
import io.faultline.alarm.notify.ActionSender;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryId;
import io.faultline.alarm.notify.LogSender;
import io.faultline.alarm.notify.Notifier;
import io.faultline.alarm.notify.RetryPolicy;
import io.faultline.alarm.notify.WebhookSender;
import io.faultline.bus.DeduplicatingSubscriber;
import io.faultline.bus.Notification;
import io.faultline.bus.PartitionedSubscription;
import io.faultline.bus.Subscriber;
import io.faultline.cluster.ClusterMessage;
import io.faultline.cluster.ClusterMessage.Kind;
import io.faultline.cluster.PartitionLeases;
import io.faultline.doctor.TimelineStampingSender;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.alarm.AlarmApi;
import io.faultline.server.config.AlarmConfig;
import io.faultline.server.http.ApiModule;
import io.faultline.server.metrics.CountingDeliveryJournal;
import io.faultline.store.JdbiAlarmStore;
import io.faultline.store.JdbiClusterStore;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event alarms (blueprint 2): the Aodh API, the index filled from the store at start, the evaluator
 * subscribed to the bus, and the notifier, which resumes deliveries left pending.
 */
public final class AlarmComponent implements Component {
  private static final Logger log = LoggerFactory.getLogger(AlarmComponent.class);
  private static final int DEDUP_WINDOW = 100_000;
  // Alarms read per query when the index is loaded: each page is a short query on the key, well
  // within the store's statement timeout however many alarms there are.
  private static final int INDEX_LOAD_PAGE = 2_000;

  private volatile EventAlarmEvaluator evaluator;
  private volatile AlarmIndex index;
  private volatile AlarmService service;
  private volatile JdbiAlarmStore store;
  private volatile Notifier notifier;
  private volatile io.faultline.tx.Transactor transactor;
  private volatile PartitionLeases partitions;
  private final List<AlarmActivityListener> activityListeners = new CopyOnWriteArrayList<>();

  /** Tells {@code listener} of alarm activity once durable (see {@link AlarmActivityListener}). */
  public void addActivityListener(AlarmActivityListener listener) {
    activityListeners.add(java.util.Objects.requireNonNull(listener, "listener is null"));
  }

  private void activity(String projectId, AlarmId alarm) {
    for (AlarmActivityListener listener : activityListeners) {
      listener.changed(projectId, alarm);
    }
  }

  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    AlarmPolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    AlarmConfig config = context.config().alarm();
    JdbiAlarmStore store = new JdbiAlarmStore(context.node());
    AlarmIndex alarmIndex = new AlarmIndex();
    AlarmLocks locks = new AlarmLocks(4096);

    ScheduledExecutorService retries = context.lifecycle().newScheduler("alarm-notifier-retry");
    StoreDeliveryJournal journal =
        context
            .lifecycle()
            .register(new StoreDeliveryJournal(context.transactor(), store, this::activity));
    AlarmConfig.Notifier notifierConfig = config.notifier();
    WebhookSender webhook =
        context
            .lifecycle()
            .register(
                new WebhookSender(
                    notifierConfig.timeout(),
                    notifierConfig.timeout(),
                    notifierConfig.maxConnections()));
    ActionSender traced = new TimelineStampingSender(webhook, context.faults(), context.clock());
    Map<String, ActionSender> senders =
        Map.of("http", traced, "https", traced, "log", new LogSender());
    Notifier notifier =
        context
            .lifecycle()
            .register(
                new Notifier(
                    senders,
                    new CountingDeliveryJournal(journal, context.meterRegistry()),
                    new RetryPolicy(
                        notifierConfig.maxAttempts(),
                        notifierConfig.initialBackoff(),
                        notifierConfig.maxBackoff()),
                    retries,
                    context.clock(),
                    notifierConfig.maxInFlight()));

    AlarmChangeFollower follower = loadIndex(store, context, alarmIndex, locks);

    TransitionWriter writer =
        context
            .lifecycle()
            .register(
                new TransitionWriter(
                    context.transactor(), store, alarmIndex, notifier, this::activity));
    // An operator sees a quarantined transition (its webhooks never sent) as a counter that
    // should stay at zero, besides the error logged with its alarm and project.
    FunctionCounter.builder(
            "faultline.alarm.transitions.quarantined", writer, TransitionWriter::quarantined)
        .description("Alarm transitions the store refused and that were set aside, not delivered")
        .register(context.meterRegistry());
    EventDefinitions definitions = definitions(config);
    EventAlarmEvaluator eventEvaluator =
        new EventAlarmEvaluator(
            definitions, alarmIndex, locks, writer, context.clock(), context.faults());
    FunctionCounter.builder(
            "faultline.event.evaluations", eventEvaluator, EventAlarmEvaluator::evaluations)
        .description("Events evaluated against the alarms")
        .register(context.meterRegistry());
    DeduplicatingSubscriber evaluation =
        new DeduplicatingSubscriber(
            context.clustered() ? new CaughtUp(follower, eventEvaluator) : eventEvaluator,
            DEDUP_WINDOW);
    if (context.clustered()) {
      // Partitioned by the resource an event is about, so its events are evaluated in order by
      // one node; the node's share of partitions is set on every cluster tick.
      PartitionedSubscription subscription =
          context
              .bus()
              .subscribePartitioned(
                  "alarm-evaluator",
                  context.config().cluster().partitions(),
                  notification -> partitionKey(definitions, notification),
                  evaluation);
      PartitionLeases leases =
          new PartitionLeases(
              new JdbiClusterStore(),
              context.transactor(),
              context.clock(),
              context.node().orElseThrow(),
              subscription);
      this.partitions = leases;
      context.lifecycle().register((AutoCloseable) () -> releasePartitions(leases));
    } else {
      context.bus().subscribe("alarm-evaluator", evaluation);
    }

    List<Delivery> pending = context.transactor().inTransaction(store::pendingDeliveries);
    if (!pending.isEmpty()) {
      log.info("resuming {} pending alarm deliveries", pending.size());
      notifier.resume(pending);
    }

    this.evaluator = eventEvaluator;
    this.index = alarmIndex;
    AlarmService service =
        new AlarmService(
            store,
            alarmIndex,
            locks,
            context.transactor(),
            context.policy(),
            context.clock(),
            new AlarmSettings(
                config.event().requireResourceId(), config.maxActions(), config.actionTargets()),
            senders.keySet(),
            (project, id) -> {
              context.cluster().publish(new ClusterMessage(Kind.ALARM_CHANGED, id.value()));
              activity(project, id);
            });
    this.service = service;
    this.store = store;
    this.notifier = notifier;
    this.transactor = context.transactor();
    if (context.clustered()) {
      // An announcement of a change on another node is a nudge to catch up at once; evaluation
      // catches up anyway before each event, and the schedule covers a node with no traffic.
      context
          .cluster()
          .subscribe(
              message -> {
                if (message.kind() == Kind.ALARM_CHANGED) {
                  follower.catchUp();
                }
              });
      long interval = context.config().cluster().reconcileInterval().toMillis();
      var unusedCatchUp =
          context
              .lifecycle()
              .scheduler()
              .scheduleWithFixedDelay(
                  () -> {
                    try {
                      follower.catchUp();
                    } catch (RuntimeException e) {
                      log.warn("could not bring the alarm index up to the store's changes", e);
                    }
                  },
                  interval,
                  interval,
                  TimeUnit.MILLISECONDS);
    }
    return new AlarmApi(service, context.config().server().maxPage());
  }

  /**
   * Fills the index from the store, in pages of {@link #INDEX_LOAD_PAGE} alarms read on a thread
   * per core, and returns the follower that keeps it at the store's changes.
   */
  private static AlarmChangeFollower loadIndex(
      JdbiAlarmStore store, ServerContext context, AlarmIndex alarmIndex, AlarmLocks locks) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService loaders =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "alarm-index-load");
              thread.setDaemon(true);
              return thread;
            });
    try {
      AlarmChangeFollower follower =
          new AlarmChangeFollower(
              store, context.transactor(), alarmIndex, locks, INDEX_LOAD_PAGE, loaders);
      long began = System.nanoTime();
      follower.load();
      log.info(
          "alarm index holds {} enabled event alarms, loaded in {} ms",
          alarmIndex.size(),
          (System.nanoTime() - began) / 1_000_000);
      return follower;
    } finally {
      // Not shutdownNow: after a failed load, pages still being read finish rather than be
      // interrupted, which would close an embedded H2's file channel and the database with it.
      loaders.shutdown();
    }
  }

  /** The key an event is partitioned by: the first resource it is about, else its publisher. */
  private static String partitionKey(EventDefinitions definitions, Notification notification) {
    List<String> resources = definitions.toEvent(notification).resourceIds();
    return resources.isEmpty() ? notification.publisherId() : resources.get(0);
  }

  /** Rebalances this node's evaluation partitions among {@code liveNodes}; a no-op alone. */
  public void rebalancePartitions(int liveNodes) {
    PartitionLeases leases = partitions;
    if (leases != null) {
      leases.rebalance(liveNodes);
    }
  }

  private static void releasePartitions(PartitionLeases leases) {
    try {
      leases.releaseAll();
    } catch (RuntimeException e) {
      log.warn(
          "could not give up this node's evaluation partitions; they move once its lease ends", e);
    }
  }

  /**
   * The evaluator of a node of a cluster: before it evaluates an event (or a batch), the index is
   * brought up to every alarm change committed on any node, so none is evaluated against an alarm
   * another node has changed already.
   */
  private record CaughtUp(AlarmChangeFollower follower, Subscriber evaluator)
      implements Subscriber {
    @Override
    public void onNotification(Notification notification) {
      follower.catchUp();
      evaluator.onNotification(notification);
    }

    @Override
    public CompletableFuture<Void> onBatch(List<Notification> batch) {
      follower.catchUp();
      return evaluator.onBatch(batch);
    }
  }

  /** Sends the deliveries this node adopted from a dead one. */
  public void resumeDeliveries(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    List<Delivery> adopted =
        transactor.inTransaction(
            tx ->
                ids.stream()
                    .map(id -> store.findDelivery(tx, new DeliveryId(id)))
                    .flatMap(Optional::stream)
                    .toList());
    log.info("sending {} pending deliveries of a dead node", adopted.size());
    notifier.resume(adopted);
  }

  private static EventDefinitions definitions(AlarmConfig config) {
    String file = config.event().definitionsFile();
    if (file == null) {
      return EventDefinitions.defaults();
    }
    try {
      Object tree =
          new ObjectMapper(new YAMLFactory()).readValue(Path.of(file).toFile(), Object.class);
      List<EventDefinition> loaded = EventDefinitions.parse(tree);
      return EventDefinitions.withDefaults(loaded);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "alarm.event.definitions-file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The evaluator, for benchmarks and in-process drivers. */
  public EventAlarmEvaluator evaluator() {
    return evaluator;
  }

  public AlarmIndex index() {
    return index;
  }

  /** The service, once created: the console lists deliveries through it. */
  public AlarmService service() {
    AlarmService created = service;
    if (created == null) {
      throw new IllegalStateException("the alarm component has not been created yet");
    }
    return created;
  }
}
