package io.faultline.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  /** Spins until this thread's own CPU clock has advanced by {@code millis}. */
  private static long burn(long millis) {
    var threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
    long spins = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      spins++;
    }
    return spins;
  }

  @Test
  void aPoolsThreadsAddUpUnderOneNameAndAWaitingThreadCostsNothing() throws Exception {
    CountDownLatch burnt = new CountDownLatch(2);
    CountDownLatch measured = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (String name : List.of("burner-1", "burner-2", "waiter-1")) {
      threads.add(
          new Thread(
              () -> {
                if (name.startsWith("burner")) {
                  burn(80);
                  burnt.countDown();
                }
                try {
                  measured.await(); // alive until measured: an ended thread has no clock to read
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              name));
    }
    ThreadCpu before = ThreadCpu.snapshot();
    threads.forEach(Thread::start);
    burnt.await();
    Map<String, Double> used = ThreadCpu.snapshot().since(before);
    measured.countDown();
    for (Thread thread : threads) {
      thread.join(5_000);
    }

    assertThat(used).doesNotContainKeys("burner-1", "burner-2", "waiter-1");
    assertThat(used.get("burner-#")).isBetween(160.0, 400.0);
    assertThat(used.getOrDefault("waiter-#", 0.0)).isLessThan(20.0);
    assertThat(used.keySet().iterator().next()).isEqualTo("burner-#"); // the largest first
    assertThat(ThreadCpu.report(used, 160, "thing"))
        .containsPattern("burner-# +\\d+\\.\\d ms +\\d+\\.\\d us/thing")
        .contains("all threads");
  }
}
