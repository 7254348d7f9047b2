package io.faultline.store;

class H2ComputeScenarioTest extends ComputeScenarioTest {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
