package io.faultline.network;

import io.faultline.store.Database;
import io.faultline.store.TestDatabases;

class PostgresSubnetScenarioTest extends SubnetScenarioTest {
  @Override
  Database openDatabase() {
    return TestDatabases.postgres();
  }
}
