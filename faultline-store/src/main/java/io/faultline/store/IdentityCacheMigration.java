package io.faultline.store;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Version 94: on H2, the identity columns that a fault writes many rows to hand out values from a
 * cache of {@value #CACHE} instead of H2's default 32.
 *
 * <p>Why: when an H2 sequence's cache runs out, H2 records the sequence's new margin and commits it
 * at once, in its system session, which on a file database is a durable commit of its own: the
 * whole store is written as a new chunk. A 1,000-instance fault writes 2,000 {@code alarm_history}
 * rows (the transitions, then the deliveries' outcomes), so that was some 60 durable commits beside
 * the loop's own; in a profile of that loop they were 39 % of the delivery journal's CPU. Alarm
 * creation ({@code alarm.stored_seq}) paid the same every 32 alarms, and a host-down's instance
 * actions every 1,000 (the cache version 12 gave them on both engines).
 *
 * <p>What it costs: after a crash, H2 resumes from the recorded margin, so up to {@value #CACHE}
 * values are skipped; nothing reads these columns as dense. On H2 one sequence serves every
 * connection, so values still follow the order rows were inserted in.
 *
 * <p>A Java migration because it applies to H2 alone: PostgreSQL's sequences do not commit when
 * they advance, and a cache there is per connection, which would put values out of insertion order
 * across connections.
 */
final class IdentityCacheMigration extends EngineMigration {
  static final int CACHE = 10_000;

  IdentityCacheMigration() {
    super("94", "identity caches on h2", "H2");
  }

  @Override
  void apply(Statement statement) throws SQLException {
    statement.execute("ALTER TABLE alarm_history ALTER COLUMN seq SET CACHE " + CACHE);
    statement.execute("ALTER TABLE alarm ALTER COLUMN stored_seq SET CACHE " + CACHE);
    statement.execute("ALTER TABLE outbox_batch ALTER COLUMN seq SET CACHE " + CACHE);
    statement.execute("ALTER TABLE compute_instance_action ALTER COLUMN seq SET CACHE " + CACHE);
  }
}
