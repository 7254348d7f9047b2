package io.faultline.store;

class ComputeCompatStoreH2Test extends ComputeCompatStoreContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
