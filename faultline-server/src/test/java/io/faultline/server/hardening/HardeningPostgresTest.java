package io.faultline.server.hardening;

import io.faultline.server.TestServer.Engine;

class HardeningPostgresTest extends HardeningContract {
  @Override
  Engine engine() {
    return Engine.POSTGRESQL;
  }
}
