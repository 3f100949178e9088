package io.switchboard.call;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BridgeCases} on a node whose WebRTC port is read by ice4j's harvester (the default). */
class BridgeIT extends BridgeCases {
  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("bridge-it",
      Map.of("webrtc.consent-timeout-ms", "2500")); // a silent browser is noticed within the test

  @Override
  BridgeNode fx() {
    return fx;
  }
}
