package io.switchboard.support;

import io.switchboard.Node;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** Whole nodes for integration tests: every listener on 127.0.0.1 and a free port, fast bcrypt, quiet stdout. */
public final class TestNodes {
  private TestNodes() {}

  /** Starts a node (embedded Redis and demo data unless {@code overrides} say otherwise); blocks until it serves. */
  public static Node loopback(String nodeId, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0",
        "media.bind-host", "127.0.0.1",
        "node.id", nodeId, "auth.bcrypt.cost", "4"));
    settings.putAll(overrides);
    return Node.start(SwitchboardConfig.from(Settings.of(settings)), new PrintStream(new ByteArrayOutputStream()));
  }
}
