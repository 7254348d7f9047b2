package io.faultline.server.demo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The garbage collector's stop-the-world pauses, counted from the JVM's collector beans, so that a
 * benchmark can tell a run that a pause landed in from one that was slow for another reason. Beans
 * that time whole concurrent cycles (ZGC's and Shenandoah's "Cycles") are left out; G1's
 * "Concurrent GC" bean times its remark and cleanup pauses and is counted. A snapshot counts the
 * pauses since the JVM started; {@link #since} those of a window: how many, and their total ms.
 */
public record CollectorPauses(long count, long millis) {
  private static final List<GarbageCollectorMXBean> PAUSING =
      ManagementFactory.getGarbageCollectorMXBeans().stream()
          .filter(bean -> !bean.getName().endsWith("Cycles"))
          .toList();

  /** The pauses since the JVM started. */
  public static CollectorPauses snapshot() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean bean : PAUSING) {
      count += Math.max(0, bean.getCollectionCount());
      millis += Math.max(0, bean.getCollectionTime());
    }
    return new CollectorPauses(count, millis);
  }

  /** The pauses between {@code earlier} and this snapshot. */
  public CollectorPauses since(CollectorPauses earlier) {
    return new CollectorPauses(count - earlier.count, millis - earlier.millis);
  }
}
