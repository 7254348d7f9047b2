package io.faultline.store;

class AlarmIndexLoadPostgresTest extends AlarmIndexLoadContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
