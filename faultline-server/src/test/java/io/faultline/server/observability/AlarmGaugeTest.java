package io.faultline.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.server.MutableClock;
import io.faultline.server.TestServer;
import io.faultline.server.TestServer.Account;
import io.faultline.server.metrics.StoreGauges;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * {@code faultline_alarms{state}} reads the whole alarm table, so a scrape counts the alarms only
 * when their last count is {@link StoreGauges#ALARM_COUNT_INTERVAL} old on the server's clock;
 * scrapes in between show that count.
 */
class AlarmGaugeTest {
  @Test
  void alarmsAreCountedAtMostOnceAnInterval() {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    try (TestServer server = TestServer.start(clock)) {
      Account tenant = server.newProjectUser("member");
      createAlarm(server, tenant, "first");
      assertThat(insufficientData(server)).hasValue(1);

      createAlarm(server, tenant, "second");
      assertThat(insufficientData(server)).as("within the interval").hasValue(1);

      clock.advance(StoreGauges.ALARM_COUNT_INTERVAL);
      assertThat(insufficientData(server)).as("once the count is old enough").hasValue(2);
    }
  }

  private static OptionalDouble insufficientData(TestServer server) {
    return Scrape.parse(server.http().get("/metrics", null).expect(200).body())
        .value("faultline_alarms", Map.of("state", "insufficient data"));
  }

  private static void createAlarm(TestServer server, Account tenant, String name) {
    server
        .http()
        .post(
            "/v2/alarms",
            tenant.token(),
            """
            {"name": "%s", "type": "event", "alarm_actions": ["http://127.0.0.1:9/vnfm"],
             "event_rule": {"event_type": "compute.instance.update"}}
            """
                .formatted(name))
        .expect(201);
  }
}
