package io.faultline.store;

class AlarmStorePostgresTest extends AlarmStoreContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
