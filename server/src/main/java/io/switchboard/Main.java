package io.switchboard;

import io.switchboard.config.ConfigException;
import io.switchboard.config.SwitchboardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar switchboard-server.jar [--config=file] [--key=value ...]}: starts one node and runs until stopped. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    SwitchboardConfig config;
    try {
      config = SwitchboardConfig.load(args);
    } catch (ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.exit(2);
      return;
    }
    Node node;
    try {
      node = Node.start(config, System.out);
    } catch (RuntimeException e) {
      LOG.error("node failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "switchboard-shutdown"));
  }
}
