package io.faultline.server.hardening;

import io.faultline.server.TestServer.Engine;

class OperationsH2Test extends OperationsContract {
  @Override
  Engine engine() {
    return Engine.H2;
  }
}
