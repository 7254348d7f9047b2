package io.faultline.network;

import io.faultline.store.Database;
import io.faultline.store.TestDatabases;

class PostgresNetworkServiceScenarioTest extends NetworkServiceScenarioTest {
  @Override
  Database openDatabase() {
    return TestDatabases.postgres();
  }
}
