package io.faultline.store;

class PostgresNetworkStoreTest extends NetworkStoreContractTest {
  @Override
  Database openDatabase() {
    return NetworkTestDatabases.postgres();
  }
}
