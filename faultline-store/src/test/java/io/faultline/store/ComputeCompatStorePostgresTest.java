package io.faultline.store;

class ComputeCompatStorePostgresTest extends ComputeCompatStoreContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
