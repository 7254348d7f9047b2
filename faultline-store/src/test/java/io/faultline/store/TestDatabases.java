package io.faultline.store;

import java.util.Optional;
import java.util.UUID;

/**
 * Real databases for store tests: a private in-memory H2, or a fresh schema in the local PostgreSQL
 * (127.0.0.1:5432, database {@code test}, user {@code postgres}, trust auth; override with
 * FAULTLINE_TEST_PG_URL / FAULTLINE_TEST_PG_USER). A missing PostgreSQL fails the test: the
 * contract must hold on both engines, so it is never skipped.
 */
public final class TestDatabases {
  private TestDatabases() {}

  public static Database h2() {
    return Database.open(
        DatabaseSettings.h2InMemory("t" + UUID.randomUUID().toString().replace("-", "")));
  }

  /** A migrated database in a new, empty PostgreSQL schema. */
  public static Database postgres() {
    return Database.open(
        new DatabaseSettings(
            TestSchemas.select(TestSchemas.URL, TestSchemas.create()),
            Optional.of(TestSchemas.USER),
            Optional.empty(),
            4,
            10_000));
  }
}
