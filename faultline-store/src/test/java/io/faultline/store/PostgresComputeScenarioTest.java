package io.faultline.store;

class PostgresComputeScenarioTest extends ComputeScenarioTest {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
