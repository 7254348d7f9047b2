package io.faultline.store;

class FieldLimitsPostgresTest extends FieldLimitsContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
