package io.faultline.server.hardening;

import io.faultline.server.TestServer.Engine;

class FuzzPostgresTest extends FuzzContract {
  @Override
  Engine engine() {
    return Engine.POSTGRESQL;
  }
}
