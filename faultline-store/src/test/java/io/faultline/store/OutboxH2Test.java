package io.faultline.store;

class OutboxH2Test extends OutboxContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
