package io.faultline.store;

class H2ComputeStoreTest extends ComputeStoreContractTest {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
