package io.faultline.network;

import io.faultline.store.Database;
import io.faultline.store.TestDatabases;

class H2NetworkServiceScenarioTest extends NetworkServiceScenarioTest {
  @Override
  Database openDatabase() {
    return TestDatabases.h2();
  }
}
