package io.faultline.bench;

import io.faultline.alarm.AlarmIndex;

/**
 * Heap retained per alarm in the index: used heap after a full GC with the index built, minus
 * before, divided by the number of alarms. Run: {@code java -Xmx4g -cp … AlarmIndexMemory 1000000}.
 */
public final class AlarmIndexMemory {
  private AlarmIndexMemory() {}

  public static void main(String[] args) throws InterruptedException {
    int alarms = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long before = usedAfterGc();
    AlarmIndex index = AlarmFleet.build(alarms, 10_000);
    long after = usedAfterGc();
    System.out.printf(
        "alarms=%d indexed=%d heap=%.1f MiB bytes/alarm=%d%n",
        alarms, index.size(), (after - before) / 1048576.0, (after - before) / alarms);
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
