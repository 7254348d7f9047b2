package io.faultline.bench;

import io.faultline.alarm.Alarm;
import io.faultline.alarm.AlarmId;
import io.faultline.alarm.AlarmState;
import io.faultline.alarm.AlarmType;
import io.faultline.alarm.EventRule;
import io.faultline.alarm.QueryOp;
import io.faultline.alarm.QueryTerm;
import io.faultline.alarm.Severity;
import io.faultline.alarm.ValueType;
import io.faultline.identity.Domain;
import io.faultline.identity.Project;
import io.faultline.store.Database;
import io.faultline.store.DatabaseSettings;
import io.faultline.store.JdbiAlarmStore;
import io.faultline.store.JdbiIdentityStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Defines many event alarms straight through the store, as {@code oslo_webhook_bench.py} defines
 * them through the API (one per instance {@code bench-instance-<i>}, {@code
 * compute.instance.update} with state {@code error}, repeat_actions, one webhook), but thousands of
 * times faster: for the runs with 1,000,000 alarms. Run it with no server on the database (an H2
 * file is locked by its server; nodes on PostgreSQL load their index at start), after one start has
 * created the admin project.
 *
 * <p>Run: {@code java -cp … io.faultline.bench.AlarmSeeder <jdbc-url | h2-data-dir> <alarms>
 * <webhook-url> [db-user]}
 */
public final class AlarmSeeder {
  private static final int PER_TRANSACTION = 5_000;

  private AlarmSeeder() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: AlarmSeeder <jdbc-url | h2-data-dir> <alarms> <webhook-url> [db-user]");
      System.exit(2);
    }
    String url =
        args[0].startsWith("jdbc:") ? args[0] : DatabaseSettings.h2FileUrl(Path.of(args[0]));
    int alarms = Integer.parseInt(args[1]);
    String hook = args[2];
    Optional<String> user = args.length > 3 ? Optional.of(args[3]) : Optional.empty();
    try (Database database =
        Database.openForBulkLoad(new DatabaseSettings(url, user, Optional.empty(), 4, 60_000))) {
      Project admin =
          database
              .transactor()
              .inTransaction(
                  tx ->
                      new JdbiIdentityStore()
                          .findProjectByName(tx, Domain.DEFAULT_ID, "admin")
                          .orElseThrow(
                              () ->
                                  new IllegalStateException(
                                      "no admin project: start faultline serve once on this"
                                          + " database first")));
      JdbiAlarmStore store = new JdbiAlarmStore(Optional.empty());
      EventRule rule =
          EventRule.of(
              "compute.instance.update",
              List.of(QueryTerm.of("traits.state", QueryOp.EQ, ValueType.STRING, "error")));
      Instant now = Instant.now();
      long began = System.nanoTime();
      for (int start = 0; start < alarms; start += PER_TRANSACTION) {
        int from = start;
        int to = Math.min(alarms, start + PER_TRANSACTION);
        database
            .transactor()
            .run(
                tx -> {
                  List<Alarm> batch = new ArrayList<>(to - from);
                  for (int i = from; i < to; i++) {
                    batch.add(alarm(i, admin, rule, hook, now));
                  }
                  store.insertAll(tx, batch);
                });
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf(
          "{\"alarms\": %d, \"project\": \"%s\", \"seeded_in_s\": %.1f}%n",
          alarms, admin.id().value(), seconds);
    }
  }

  private static Alarm alarm(int i, Project project, EventRule rule, String hook, Instant now) {
    return new Alarm(
        new AlarmId(UUID.randomUUID().toString()),
        "bench-" + i,
        "",
        AlarmType.EVENT,
        rule,
        true,
        AlarmState.INSUFFICIENT_DATA,
        "Not evaluated yet",
        Severity.LOW,
        List.of(),
        List.of(hook),
        List.of(),
        true,
        List.of(),
        project.id().value(),
        "bench",
        Optional.of("bench-instance-" + i),
        now,
        now);
  }
}
