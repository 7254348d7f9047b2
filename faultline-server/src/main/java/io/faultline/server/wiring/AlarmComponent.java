package io.faultline.server.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.faultline.alarm.AlarmIndex;
import io.faultline.alarm.AlarmLocks;
import io.faultline.alarm.AlarmPolicies;
import io.faultline.alarm.AlarmService;
import io.faultline.alarm.AlarmSettings;
import io.faultline.alarm.EventAlarmEvaluator;
import io.faultline.alarm.EventDefinition;
import io.faultline.alarm.EventDefinitions;
import io.faultline.alarm.PeriodicEvaluator;
import io.faultline.alarm.StoreDeliveryJournal;
import io.faultline.alarm.TransitionWriter;
import io.faultline.alarm.notify.ActionSender;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.LogSender;
import io.faultline.alarm.notify.Notifier;
import io.faultline.alarm.notify.RetryPolicy;
import io.faultline.alarm.notify.WebhookSender;
import io.faultline.bus.DeduplicatingSubscriber;
import io.faultline.doctor.TimelineStampingSender;
import io.faultline.policy.PolicyDefaults;
import io.faultline.server.api.alarm.AlarmApi;
import io.faultline.server.config.AlarmConfig;
import io.faultline.server.http.ApiModule;
import io.faultline.store.JdbiAlarmStore;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  private volatile EventAlarmEvaluator evaluator;
  private volatile AlarmIndex index;
  private volatile AlarmService service;

  @Override
  public void registerPolicies(PolicyDefaults defaults) {
    AlarmPolicies.register(defaults);
  }

  @Override
  public ApiModule create(ServerContext context) {
    AlarmConfig config = context.config().alarm();
    JdbiAlarmStore store = new JdbiAlarmStore();
    AlarmIndex alarmIndex = new AlarmIndex();
    AlarmLocks locks = new AlarmLocks(4096);

    ScheduledExecutorService retries =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "alarm-notifier-retry");
              thread.setDaemon(true);
              return thread;
            });
    context.lifecycle().register(retries::shutdownNow);
    StoreDeliveryJournal journal =
        context.lifecycle().register(new StoreDeliveryJournal(context.transactor(), store));
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
                    journal,
                    new RetryPolicy(
                        notifierConfig.maxAttempts(),
                        notifierConfig.initialBackoff(),
                        notifierConfig.maxBackoff()),
                    retries,
                    context.clock(),
                    notifierConfig.maxInFlight()));

    context
        .transactor()
        .run(
            tx ->
                store.forEach(
                    tx,
                    alarm -> {
                      if (alarm.type().eventDriven()) {
                        alarmIndex.put(alarm);
                      }
                    }));
    log.info("alarm index holds {} enabled event alarms", alarmIndex.size());

    TransitionWriter writer =
        context
            .lifecycle()
            .register(new TransitionWriter(context.transactor(), store, alarmIndex, notifier));
    // An operator sees a quarantined transition (its webhooks never sent) as a counter that
    // should stay at zero, besides the error logged with its alarm and project.
    FunctionCounter.builder(
            "faultline_alarm_transitions_quarantined", writer, TransitionWriter::quarantined)
        .description("Alarm transitions the store refused and that were set aside, not delivered")
        .register(context.meterRegistry());
    EventAlarmEvaluator eventEvaluator =
        new EventAlarmEvaluator(
            definitions(config), alarmIndex, locks, writer, context.clock(), context.faults());
    context
        .bus()
        .subscribe("alarm-evaluator", new DeduplicatingSubscriber(eventEvaluator, DEDUP_WINDOW));

    List<Delivery> pending = context.transactor().inTransaction(store::pendingDeliveries);
    if (!pending.isEmpty()) {
      log.info("resuming {} pending alarm deliveries", pending.size());
      notifier.resume(pending);
    }

    PeriodicEvaluator periodic =
        new PeriodicEvaluator(context.transactor(), store, List.of(), context.clock());
    long period = config.evaluationInterval().toMillis();
    var unusedPeriodic =
        context
            .lifecycle()
            .scheduler()
            .scheduleWithFixedDelay(
                () -> runPeriodic(periodic), period, period, TimeUnit.MILLISECONDS);

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
            senders.keySet());
    this.service = service;
    return new AlarmApi(service);
  }

  private static void runPeriodic(PeriodicEvaluator periodic) {
    try {
      periodic.runOnce();
    } catch (RuntimeException e) {
      log.warn("periodic alarm evaluation failed", e);
    }
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
