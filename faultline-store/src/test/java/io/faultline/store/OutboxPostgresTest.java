package io.faultline.store;

class OutboxPostgresTest extends OutboxContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
