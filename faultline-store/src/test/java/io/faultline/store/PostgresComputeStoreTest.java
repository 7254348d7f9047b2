package io.faultline.store;

class PostgresComputeStoreTest extends ComputeStoreContractTest {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
