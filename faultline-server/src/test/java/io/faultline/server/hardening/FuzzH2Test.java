package io.faultline.server.hardening;

import io.faultline.server.TestServer.Engine;

class FuzzH2Test extends FuzzContract {
  @Override
  Engine engine() {
    return Engine.H2;
  }
}
