package io.faultline.server.hardening;

import io.faultline.server.TestServer.Engine;

class HardeningH2Test extends HardeningContract {
  @Override
  Engine engine() {
    return Engine.H2;
  }
}
