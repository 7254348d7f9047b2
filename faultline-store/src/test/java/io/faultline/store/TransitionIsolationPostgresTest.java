package io.faultline.store;

class TransitionIsolationPostgresTest extends TransitionIsolationContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
