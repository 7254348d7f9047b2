package io.faultline.store;

class IdentityStoreH2Test extends IdentityStoreContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
