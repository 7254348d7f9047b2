package io.faultline.alarm;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes work on one alarm (API writes and evaluator transitions), so that concurrent events
 * for one alarm produce one transition. Striped: a bounded number of locks for any number of
 * alarms; two alarms sharing a stripe merely wait for each other.
 */
public final class AlarmLocks {
  private final ReentrantLock[] stripes;

  public AlarmLocks(int stripes) {
    if (stripes < 1) {
      throw new IllegalArgumentException("stripes must be positive: " + stripes);
    }
    this.stripes = new ReentrantLock[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new ReentrantLock();
    }
  }

  public <T> T withLock(AlarmId id, Supplier<T> work) {
    ReentrantLock lock = stripes[Math.floorMod(id.value().hashCode(), stripes.length)];
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
