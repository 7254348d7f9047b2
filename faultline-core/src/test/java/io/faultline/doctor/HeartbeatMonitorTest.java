package io.faultline.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = now::get;
  private final List<RawFault> reports = new ArrayList<>();
  private final HeartbeatMonitor monitor =
      new HeartbeatMonitor(reports::add, clock, new MonitorSettings(Duration.ofMillis(100), 3, 2));

  private void advance(long millis) {
    now.updateAndGet(instant -> instant.plusMillis(millis));
  }

  @Test
  void aHostSilentForTheMissedBeatsIsReportedDownOnce() {
    monitor.beat("h1");
    advance(300);
    monitor.check();
    assertThat(reports).isEmpty();
    advance(1);
    monitor.check();
    monitor.check();
    assertThat(reports).hasSize(1);
    RawFault down = reports.get(0);
    assertThat(down.type()).isEqualTo(FaultType.COMPUTE_HOST_DOWN);
    assertThat(down.hostname()).isEqualTo("h1");
    assertThat(down.monitor()).isEqualTo(HeartbeatMonitor.NAME);
    assertThat(down.time()).isEqualTo(now.get());
    assertThat(monitor.isUp("h1")).contains(false);
  }

  @Test
  void beatingHostsStayUp() {
    for (int i = 0; i < 20; i++) {
      monitor.beat("h1");
      advance(100);
      monitor.check();
    }
    assertThat(reports).isEmpty();
    assertThat(monitor.isUp("h1")).contains(true);
  }

  @Test
  void aHostComesBackOnlyAfterTheRecoveryBeats() {
    monitor.beat("h1");
    advance(400);
    monitor.check();
    monitor.beat("h1"); // one stray beat after a long silence
    assertThat(reports).extracting(RawFault::type).containsExactly(FaultType.COMPUTE_HOST_DOWN);
    advance(100);
    monitor.beat("h1");
    assertThat(reports)
        .extracting(RawFault::type)
        .containsExactly(FaultType.COMPUTE_HOST_DOWN, FaultType.COMPUTE_HOST_UP);
    assertThat(monitor.isUp("h1")).contains(true);
  }

  @Test
  void aFlappingHostIsNotReportedUpWhileItsBeatsAreLate() {
    monitor.beat("h1");
    advance(400);
    monitor.check();
    for (int i = 0; i < 5; i++) {
      advance(350); // every beat later than the down threshold
      monitor.beat("h1");
    }
    assertThat(reports).extracting(RawFault::type).containsExactly(FaultType.COMPUTE_HOST_DOWN);
  }

  @Test
  void unknownHostsAreNotWatched() {
    advance(10_000);
    monitor.check();
    assertThat(reports).isEmpty();
    assertThat(monitor.isUp("h9")).isEmpty();
  }

  @Test
  void afterAStartEveryKnownHostMustBeatWithinTheGracePeriod() {
    HeartbeatMonitor restarted =
        new HeartbeatMonitor(
            reports::add,
            clock,
            new MonitorSettings(Duration.ofMillis(100), 3, 2, Duration.ofSeconds(5)));
    // h1's agent died while the monitor was down; h2's still beats; h3 was already forced down.
    restarted.watchAtStart(Map.of("h1", false, "h2", false, "h3", true), now.get());
    for (int i = 0; i < 50; i++) {
      advance(100);
      restarted.beat("h2");
      restarted.check();
    }
    assertThat(reports).as("within the grace period nobody is reported").isEmpty();
    advance(1);
    restarted.beat("h2");
    restarted.check();
    assertThat(reports).extracting(RawFault::hostname).containsExactly("h1");
    assertThat(reports.get(0).type()).isEqualTo(FaultType.COMPUTE_HOST_DOWN);
    assertThat(restarted.isUp("h3")).contains(false);
    // The forced-down host comes back only after its recovery beats.
    restarted.beat("h3");
    advance(100);
    restarted.beat("h3");
    assertThat(reports).extracting(RawFault::type).last().isEqualTo(FaultType.COMPUTE_HOST_UP);
  }

  @Test
  void aRearmedHostIsWatchedAfreshAfterItsMaintenance() {
    monitor.beat("h1");
    advance(301);
    monitor.check();
    assertThat(reports).hasSize(1);
    monitor.rearm("h1");
    advance(300);
    monitor.check();
    assertThat(reports).hasSize(1);
    advance(1);
    monitor.check();
    assertThat(reports).hasSize(2);
  }
}
