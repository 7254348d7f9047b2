package io.faultline.network;

import io.faultline.store.Database;
import io.faultline.store.TestDatabases;

class H2SubnetScenarioTest extends SubnetScenarioTest {
  @Override
  Database openDatabase() {
    return TestDatabases.h2();
  }
}
