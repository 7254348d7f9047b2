package io.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.Severity;
import io.faultline.alarm.notify.Delivery;
import io.faultline.alarm.notify.DeliveryStatus;
import io.faultline.server.config.RetentionConfig;
import io.faultline.store.JdbiAlarmStore;
import io.faultline.tx.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The expirer on a running server: what is past its retention goes, what is recent stays. */
class RetentionTest {
  private final MutableClock clock = new MutableClock(Instant.now());

  @Test
  void oldHistoryDeliveriesAndFinishedFaultsArePurgedAndRecentOnesKept() throws Exception {
    RetentionConfig retention =
        new RetentionConfig(
            true,
            Duration.ofDays(30),
            Duration.ofDays(7),
            Duration.ofDays(30),
            Duration.ofHours(1),
            2);
    try (TestServer server =
        TestServer.start(TestServer.testConfig().withRetention(retention), clock)) {
      JdbiAlarmStore store = new JdbiAlarmStore();
      Transactor tx = server.context().transactor();

      String oldAlarm = alarm(server, "old");
      String oldFault = report(server, "retention-old");
      Delivery oldDelivery = delivery(clock.instant());
      tx.run(t -> store.insertDeliveries(t, List.of(oldDelivery)));
      tx.run(
          t ->
              store.updateDeliveries(
                  t, List.of(oldDelivery.after(1, DeliveryStatus.SENT, "", clock.instant()))));
      Delivery oldPending = delivery(clock.instant());
      tx.run(t -> store.insertDeliveries(t, List.of(oldPending)));

      clock.advance(Duration.ofDays(31));
      String admin = server.token("admin", TestServer.ADMIN_PASSWORD, "admin");
      String newAlarm = alarm(server, "new");
      String newFault = report(server, "retention-new");
      Delivery newDelivery = delivery(clock.instant());
      tx.run(t -> store.insertDeliveries(t, List.of(newDelivery)));

      Retention.Purged purged = server.faultline().retention().purge();

      assertThat(purged.faults()).isEqualTo(1);
      assertThat(purged.deliveries()).isEqualTo(1);
      assertThat(purged.alarmHistory()).isGreaterThanOrEqualTo(1);
      assertThat(history(server, admin, oldAlarm)).isEmpty();
      assertThat(history(server, admin, newAlarm)).isNotEmpty();
      server.http().get("/v1/faults/" + oldFault, admin).expect(404);
      server.http().get("/v1/faults/" + newFault, admin).expect(200);
      assertThat(ids(server, admin)).contains(newFault).doesNotContain(oldFault);
      assertThat(tx.<Optional<Delivery>>inTransaction(t -> store.findDelivery(t, oldDelivery.id())))
          .isEmpty();
      assertThat(tx.<Optional<Delivery>>inTransaction(t -> store.findDelivery(t, oldPending.id())))
          .isPresent();
      assertThat(tx.<Optional<Delivery>>inTransaction(t -> store.findDelivery(t, newDelivery.id())))
          .isPresent();
      assertThat(server.faultline().retention().purge()).isEqualTo(new Retention.Purged(0, 0, 0));
    }
  }

  private static Delivery delivery(Instant at) {
    return Delivery.pending(
        new AlarmId("gone"), "p", Severity.LOW, "http://127.0.0.1:9/x", "{}", Optional.empty(), at);
  }

  private static String alarm(TestServer server, String name) {
    return server
        .http()
        .post(
            "/alarming/v2/alarms",
            server.token("admin", TestServer.ADMIN_PASSWORD, "admin"),
            """
            {"name": "%s", "type": "event", "alarm_actions": ["log://"],
             "event_rule": {"event_type": "compute.instance.update"}}
            """
                .formatted(name))
        .expect(201)
        .json()
        .get("alarm_id")
        .asText();
  }

  private static JsonNode history(TestServer server, String token, String alarm) {
    return server.http().get("/alarming/v2/alarms/" + alarm + "/history", token).expect(200).json();
  }

  private static List<String> ids(TestServer server, String token) {
    List<String> ids = new java.util.ArrayList<>();
    server
        .http()
        .get("/v1/faults?limit=1000", token)
        .expect(200)
        .json()
        .get("faults")
        .forEach(fault -> ids.add(fault.get("id").asText()));
    return ids;
  }

  /** Reports a host down and waits, bounded, until the fault reached a final status. */
  private static String report(TestServer server, String host) throws InterruptedException {
    String token = server.token("admin", TestServer.ADMIN_PASSWORD, "admin");
    String id =
        server
            .http()
            .put(
                "/v1/events",
                token,
                """
                [{"time": "%s", "type": "compute.host.down",
                  "details": {"hostname": "%s", "monitor": "retention-test"}}]
                """
                    .formatted(Instant.now(), host))
            .expect(202)
            .json()
            .at("/faults/0/fault_id")
            .asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String status =
          server
              .http()
              .get("/v1/faults/" + id, token)
              .expect(200)
              .json()
              .at("/fault/status")
              .asText();
      if (!status.equals("received") && !status.equals("fencing")) {
        return id;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("fault " + id + " did not finish within 20 s");
  }
}
