package io.faultline.store;

class FaultStoreH2Test extends FaultStoreContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
