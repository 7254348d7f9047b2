package io.faultline.server.wiring;

import static java.util.Objects.requireNonNull;

import io.faultline.alarm.AlarmActivityListener;
import io.faultline.alarm.AlarmService;
import io.faultline.compute.ComputeService;
import io.faultline.network.NetworkService;
import io.faultline.server.api.console.ConsoleApi;
import io.faultline.server.api.console.EventStream;
import io.faultline.server.http.ApiModule;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The web console: its page and files, the fleet overview, deliveries by fault, and the live stream
 * fed by the bus, the fault log, alarm activity and, in a cluster, what the other nodes announce.
 * Created after the components whose services it reads.
 */
public final class ConsoleComponent implements Component {
  /** How often changes are turned into stream events: well inside the console's 1 s promise. */
  private static final long FLUSH_MILLIS = 200;

  private final Supplier<ComputeService> compute;
  private final Supplier<NetworkService> network;
  private final Supplier<AlarmService> alarms;
  private final Consumer<AlarmActivityListener> alarmActivity;

  /**
   * @param alarmActivity registers a listener of alarm activity (state, definition, deliveries)
   */
  public ConsoleComponent(
      Supplier<ComputeService> compute,
      Supplier<NetworkService> network,
      Supplier<AlarmService> alarms,
      Consumer<AlarmActivityListener> alarmActivity) {
    this.compute = requireNonNull(compute, "compute is null");
    this.network = requireNonNull(network, "network is null");
    this.alarms = requireNonNull(alarms, "alarms is null");
    this.alarmActivity = requireNonNull(alarmActivity, "alarmActivity is null");
  }

  @Override
  public ApiModule create(ServerContext context) {
    EventStream stream =
        context
            .lifecycle()
            .register(
                new EventStream(
                    compute.get(),
                    network.get(),
                    context.faults(),
                    context.identity(),
                    context.policy(),
                    context.mapper(),
                    context.clock(),
                    context.cluster()));
    context.bus().subscribeEveryProcess("console-stream", stream::onNotification);
    context.faults().addListener(stream);
    alarmActivity.accept(stream::onAlarmActivity);
    context.cluster().subscribe(stream::onClusterMessage);
    compute.get().addHeartbeatListener(stream::onHeartbeat);
    var unusedFlush =
        context
            .lifecycle()
            .scheduler()
            .scheduleWithFixedDelay(
                stream::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    return new ConsoleApi(compute.get(), network.get(), alarms.get(), stream, context.clock());
  }
}
