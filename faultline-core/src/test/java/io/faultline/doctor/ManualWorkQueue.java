package io.faultline.doctor;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** A work queue a test drives by hand: nothing runs until the test says so. */
final class ManualWorkQueue implements Executor {
  private final Queue<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs queued tasks, and what they queue, until none is left; returns how many ran. */
  int runAll() {
    int ran = 0;
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
      }
      if (next == null) {
        return ran;
      }
      next.run();
      ran++;
    }
  }

  synchronized int pending() {
    return tasks.size();
  }
}
