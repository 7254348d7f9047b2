package io.faultline.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A clean stop lets a scheduled task under way finish uninterrupted and drops what waits. */
class LifecycleTest {
  @Test
  void closeLetsTheSharedSchedulersTaskUnderWayFinishWithoutInterruptingIt() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    assertTaskUnderWayFinishesUninterrupted(lifecycle, lifecycle.scheduler());
  }

  @Test
  void closeLetsAnOwnSchedulersTaskUnderWayFinishWithoutInterruptingIt() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    assertTaskUnderWayFinishesUninterrupted(lifecycle, lifecycle.newScheduler("test-own"));
  }

  @Test
  void closeDropsDelayedAndPeriodicTasksAndThenClosesResourcesInReverseOrder() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    List<String> closed = new CopyOnWriteArrayList<>();
    lifecycle.register(() -> closed.add("first"));
    ScheduledExecutorService own = lifecycle.newScheduler("test-own");
    lifecycle.register(() -> closed.add("last"));
    AtomicInteger ran = new AtomicInteger();
    var unusedDelayed = own.schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
    var unusedShared = lifecycle.scheduler().schedule(ran::incrementAndGet, 1, TimeUnit.HOURS);
    var unusedPeriodic =
        lifecycle.scheduler().scheduleWithFixedDelay(ran::incrementAndGet, 1, 1, TimeUnit.HOURS);

    long started = System.nanoTime();
    lifecycle.close();

    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
        .as("close did not wait for tasks due in an hour")
        .isLessThan(Lifecycle.TASK_WAIT.toSeconds());
    assertThat(ran).hasValue(0);
    assertThat(own.isTerminated()).isTrue();
    assertThat(lifecycle.scheduler().isTerminated()).isTrue();
    assertThat(closed).containsExactly("last", "first");
  }

  private static void assertTaskUnderWayFinishesUninterrupted(
      Lifecycle lifecycle, ScheduledExecutorService scheduler) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    var unused =
        scheduler.submit(
            () -> {
              running.countDown();
              try {
                release.await();
                finished.set(true);
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
            });
    assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();

    Thread closer = Thread.ofPlatform().start(lifecycle::close);
    while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
      Thread.onSpinWait();
    }
    assertThat(closer.isAlive()).as("close waits for the task under way").isTrue();
    release.countDown();
    closer.join(TimeUnit.MINUTES.toMillis(1));

    assertThat(closer.isAlive()).isFalse();
    assertThat(interrupted).as("the task was interrupted").isFalse();
    assertThat(finished).isTrue();
    assertThat(scheduler.isTerminated()).isTrue();
  }
}
