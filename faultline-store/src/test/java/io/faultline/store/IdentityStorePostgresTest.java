package io.faultline.store;

class IdentityStorePostgresTest extends IdentityStoreContract {
  @Override
  Database open() {
    return TestDatabases.postgres();
  }
}
