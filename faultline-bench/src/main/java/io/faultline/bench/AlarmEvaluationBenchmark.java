package io.faultline.bench;

import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmIndex;
import io.faultline.alarm.Evaluation;
import io.faultline.alarm.Event;
import io.faultline.alarm.EventEvaluator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event evaluation against the in-memory index (DESIGN §6: 1,000,000 alarms, ≥ 100,000 events/s on
 * 2 cores): find the candidates of one event and decide each (what the evaluator does per event
 * before any state change is applied). Half the events match their alarm, half do not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx3g", "-Xms3g"})
public class AlarmEvaluationBenchmark {
  @Param({"1000000"})
  int alarms;

  @Param({"10000"})
  int projects;

  private AlarmIndex index;
  private Event[] events;

  @Setup(Level.Trial)
  public void setUp() {
    index = AlarmFleet.build(alarms, projects);
    events = new Event[1 << 16];
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < events.length; i++) {
      int target = random.nextInt(alarms);
      events[i] = AlarmFleet.event(target, projects, (i & 1) == 0 ? "stopped" : "active");
    }
  }

  /** Per-thread cursor over the prepared events. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  @Threads(2)
  public int evaluate(Cursor cursor) {
    Event event = events[cursor.next++ & (events.length - 1)];
    int fired = 0;
    for (Alarm alarm : index.candidates(event)) {
      if (EventEvaluator.evaluate(alarm, event, AlarmFleet.T0) instanceof Evaluation.Fire) {
        fired++;
      }
    }
    return fired;
  }
}
