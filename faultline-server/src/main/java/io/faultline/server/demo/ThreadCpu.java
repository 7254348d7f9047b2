package io.faultline.server.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CPU each group of platform threads used between two snapshots, from the JVM's per-thread CPU
 * clocks: exact, where JFR's execution samples miss the time a thread spends in the kernel (a
 * socket's reads and writes, a wake-up) and Linux counts a whole process in ticks of 10 ms. Threads
 * are grouped by name with their numbers dropped, so a pool's workers add up. Virtual threads count
 * in their carriers ({@code ForkJoinPool-#-worker-#}: the HTTP API's requests and the inspector's
 * work together); the JIT compiler and the garbage collector are not Java threads and are not
 * counted, nor is a thread that ended before the second snapshot (pools' threads live on).
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private final Map<Long, Long> nanosById;
  private final Map<Long, String> groupById;

  private ThreadCpu(Map<Long, Long> nanosById, Map<Long, String> groupById) {
    this.nanosById = nanosById;
    this.groupById = groupById;
  }

  /** The CPU time of every live platform thread now. */
  public static ThreadCpu snapshot() {
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> groups = new HashMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue; // ended meanwhile
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        nanos.put(info.getThreadId(), cpu);
        groups.put(info.getThreadId(), NUMBER.matcher(info.getThreadName()).replaceAll("#"));
      }
    }
    return new ThreadCpu(nanos, groups);
  }

  /** Milliseconds of CPU per thread group since {@code earlier}, largest first. */
  public Map<String, Double> since(ThreadCpu earlier) {
    Map<String, Double> byGroup = new HashMap<>();
    nanosById.forEach(
        (id, nanos) -> {
          long used = nanos - earlier.nanosById.getOrDefault(id, 0L);
          if (used > 0) {
            byGroup.merge(groupById.get(id), used / 1e6, Double::sum);
          }
        });
    return largestFirst(byGroup);
  }

  private static Map<String, Double> largestFirst(Map<String, Double> millis) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    millis.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
    return ordered;
  }

  /**
   * One line per group with at least 1 % of the total, largest first, then the total: its
   * milliseconds, and microseconds per unit of work ({@code per} of them, each a {@code unit}).
   */
  public static String report(Map<String, Double> millis, int per, String unit) {
    double total = millis.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder out = new StringBuilder();
    largestFirst(millis)
        .forEach(
            (group, ms) -> {
              if (ms >= total / 100) {
                out.append(
                    String.format(
                        Locale.ROOT,
                        "  %-40s %9.1f ms  %6.1f us/%s  %5.1f %%%n",
                        group,
                        ms,
                        ms * 1000 / per,
                        unit,
                        100 * ms / total));
              }
            });
    out.append(
        String.format(
            Locale.ROOT,
            "  %-40s %9.1f ms  %6.1f us/%s%n",
            "all threads",
            total,
            total * 1000 / per,
            unit));
    return out.toString();
  }
}
