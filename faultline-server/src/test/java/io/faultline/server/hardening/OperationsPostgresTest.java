package io.faultline.server.hardening;

import io.faultline.server.TestServer.Engine;

class OperationsPostgresTest extends OperationsContract {
  @Override
  Engine engine() {
    return Engine.POSTGRESQL;
  }
}
