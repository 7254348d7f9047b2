package io.faultline.store;

class FaultStorePostgresTest extends FaultStoreContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
