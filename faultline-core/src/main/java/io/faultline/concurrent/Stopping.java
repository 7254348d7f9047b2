package io.faultline.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops an executor whose tasks may write to the store without ever interrupting one of them: an
 * interrupt in the middle of a write closes an embedded H2's file channel (Java closes an
 * interruptible channel on interrupt), which H2 answers by closing the whole database under
 * everything else still running or stopping.
 */
public final class Stopping {
  private Stopping() {}

  /**
   * Stops the executor taking tasks and waits up to {@code wait} for what it was given to end. When
   * the wait runs out, {@code straggling} is run (to log, or to drop what still waits) and the task
   * under way is left to finish beside the caller. An interrupted caller stops waiting and keeps
   * its interrupt.
   */
  public static void withoutInterrupt(
      ExecutorService executor, Duration wait, Runnable straggling) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        straggling.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
