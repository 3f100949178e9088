package io.switchboard.terraform.plugin;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Logging for the plugin process. Terraform owns stdout (the handshake line only) and shows a plugin's stderr
 * in its own log (TF_LOG=debug), so everything goes to stderr as one key=value line. Kept tiny on purpose: the
 * provider is started several times per Terraform command and a logging framework costs start-up time.
 * Never pass secrets (tokens, passwords) to it. Thread-safe.
 */
public final class Log {
  private static volatile PrintStream err = System.err;
  private static final boolean DEBUG = System.getenv("SWITCHBOARD_PROVIDER_DEBUG") != null;

  private Log() {}

  public static void info(String msg) {
    write("INFO", msg);
  }

  public static void warn(String msg) {
    write("WARN", msg);
  }

  public static boolean isDebug() {
    return DEBUG;
  }

  public static void debug(String msg) {
    if (DEBUG) {
      write("DEBUG", msg);
    }
  }

  private static void write(String level, String msg) {
    err.println(Instant.now() + " [" + level + "] terraform-provider-switchboard: " + msg);
  }
}
