package io.faultline.store;

class AlarmIndexLoadH2Test extends AlarmIndexLoadContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
