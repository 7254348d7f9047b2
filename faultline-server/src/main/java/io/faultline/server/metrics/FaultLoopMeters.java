package io.faultline.server.metrics;

import static java.util.Objects.requireNonNull;

import io.faultline.doctor.FaultLoopMetrics;
import io.faultline.doctor.FaultStage;
import io.faultline.doctor.FaultStatus;
import io.faultline.doctor.FaultType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fault loop's meters, all built up front so that the hot path only records: {@code
 * faultline_fault_stage_seconds} (a histogram per stage T1 to T7 of the time since detection, T0)
 * and {@code faultline_faults_total} (faults by type and final outcome).
 */
public final class FaultLoopMeters implements FaultLoopMetrics {
  /** Histogram buckets of stage latency: the loop's target is a second; a slow fence takes more. */
  static final Duration[] STAGE_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  private final Map<FaultStage, Timer> stages = new EnumMap<>(FaultStage.class);
  private final Map<FaultType, Map<FaultStatus, Counter>> faults = new EnumMap<>(FaultType.class);

  public FaultLoopMeters(MeterRegistry registry) {
    requireNonNull(registry, "registry is null");
    for (FaultStage stage : FaultStage.values()) {
      if (stage == FaultStage.DETECTED) {
        continue; // T0 is where every stage is measured from
      }
      stages.put(
          stage,
          Timer.builder("faultline.fault.stage")
              .description("Time from a fault's detection (T0) until it reached the stage")
              .tag("stage", stage.label())
              .tag("name", stage.wireName())
              .serviceLevelObjectives(STAGE_BUCKETS)
              .register(registry));
    }
    for (FaultType type : FaultType.values()) {
      Map<FaultStatus, Counter> byOutcome = new EnumMap<>(FaultStatus.class);
      for (FaultStatus status : FaultStatus.values()) {
        if (status.isFinal()) {
          byOutcome.put(
              status,
              Counter.builder("faultline.faults")
                  .description("Faults handled, by type and final outcome")
                  .tag("type", type.wireName())
                  .tag("outcome", status.wireName())
                  .register(registry));
        }
      }
      faults.put(type, byOutcome);
    }
  }

  @Override
  public void stageReached(FaultStage stage, Duration sinceDetected) {
    Timer timer = stages.get(stage);
    if (timer != null && !sinceDetected.isNegative()) {
      timer.record(sinceDetected);
    }
  }

  @Override
  public void faultEnded(FaultType type, FaultStatus outcome) {
    Counter counter = faults.get(type).get(outcome);
    if (counter != null) {
      counter.increment();
    }
  }
}
