package io.faultline.server.wiring;

import io.faultline.concurrent.Stopping;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what was started, in reverse order; owns the shared scheduler. */
public final class Lifecycle implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  /** How long a close waits for a scheduler's task under way before it goes on beside it. */
  static final Duration TASK_WAIT = Duration.ofSeconds(10);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final ScheduledExecutorService scheduler = scheduler("faultline-scheduler", 2);

  public synchronized <T extends AutoCloseable> T register(T resource) {
    resources.push(resource);
    return resource;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /**
   * A scheduler of its own, on daemon threads named {@code name}, stopped at close like the shared
   * one (see {@link #stop}).
   */
  public ScheduledExecutorService newScheduler(String name) {
    ScheduledExecutorService own = scheduler(name, 1);
    register(() -> stop(own));
    return own;
  }

  @Override
  public synchronized void close() {
    stop(scheduler);
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("failed to close {}", resource, e);
      }
    }
  }

  private static ScheduledExecutorService scheduler(String name, int threads) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    // At close, what is only scheduled is dropped: periodic work starts again with the process,
    // and delayed work (a webhook's retry, say) is durable and taken up again at the next start.
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * Drops the scheduler's waiting tasks and lets a task under way run to its end, without
   * interrupting it (most of them write to the store; see {@link Stopping}). A task that outlasts
   * {@link #TASK_WAIT} is left to run beside the rest of the close.
   */
  static void stop(ScheduledExecutorService scheduler) {
    Stopping.withoutInterrupt(
        scheduler,
        TASK_WAIT,
        () -> log.warn("a scheduled task still runs after {}; closing beside it", TASK_WAIT));
  }
}
