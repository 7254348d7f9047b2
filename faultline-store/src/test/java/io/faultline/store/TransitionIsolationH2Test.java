package io.faultline.store;

class TransitionIsolationH2Test extends TransitionIsolationContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
