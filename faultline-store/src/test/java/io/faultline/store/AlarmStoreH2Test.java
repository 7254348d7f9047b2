package io.faultline.store;

class AlarmStoreH2Test extends AlarmStoreContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
