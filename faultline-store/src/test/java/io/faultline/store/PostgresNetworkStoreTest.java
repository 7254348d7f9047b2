package io.faultline.store;

class PostgresNetworkStoreTest extends NetworkStoreContractTest {
  @Override
  Database openDatabase() {
    return TestDatabases.postgres();
  }
}
