package io.faultline.store;

class FieldLimitsH2Test extends FieldLimitsContract {
  @Override
  Database open() {
    return TestDatabases.h2();
  }
}
