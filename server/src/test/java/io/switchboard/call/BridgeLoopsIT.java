package io.switchboard.call;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BridgeCases} with {@code webrtc.harvester=loops}: the browser port read by the node's first media loop,
 * so relaying, hold, DTMF and hang-ups must not depend on who reads it.
 */
class BridgeLoopsIT extends BridgeCases {
  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("bridge-loops-it",
      Map.of("webrtc.consent-timeout-ms", "2500", "webrtc.harvester", "loops"));

  @Override
  BridgeNode fx() {
    return fx;
  }
}
