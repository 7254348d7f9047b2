package io.faultline.store;

class H2NetworkStoreTest extends NetworkStoreContractTest {
  @Override
  Database openDatabase() {
    return TestDatabases.h2();
  }
}
