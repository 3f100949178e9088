package io.switchboard.terraform;

import io.switchboard.terraform.plugin.Log;
import io.switchboard.terraform.plugin.PluginServer;
import io.switchboard.terraform.provider.ProviderGrpc;
import io.switchboard.terraform.provider.ProviderService;
import io.switchboard.terraform.resources.Resources;
import java.io.PrintStream;
import java.util.List;

/**
 * terraform-provider-switchboard: started by Terraform (several times per command), never by a person.
 * Checks go-plugin's magic cookie, serves tfplugin6 over gRPC with AutoMTLS, prints the handshake on stdout
 * (and nothing else: System.out is redirected to stderr), exits on Shutdown or when Terraform goes away.
 */
public final class Main {
  static final String COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
  static final String COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

  private Main() {}

  public static void main(String[] args) throws Exception {
    // Before any Netty class loads: neither of gRPC's bundled native libraries is wanted. Loading them (extracted
    // from the jar to a temp file on every start) costs ~0.5 s of each launch, and BoringSSL cannot verify
    // Terraform's P-521 client certificate anyway; the JDK's TLS and NIO are used instead.
    System.setProperty("io.grpc.netty.shaded.io.netty.handler.ssl.noOpenSsl", "true");
    System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
    // A create must never be sent twice behind our back (HttpURLConnection retries a POST on a stale connection).
    System.setProperty("sun.net.http.retryPost", "false");
    PrintStream stdout = System.out;
    System.setOut(System.err);
    if (args.length == 1 && args[0].equals("--train")) {
      Training.run();
      Runtime.getRuntime().exit(0);
    }
    if (!COOKIE_VALUE.equals(System.getenv(COOKIE_KEY))) {
      System.err.println("This binary is a Terraform plugin: Terraform starts it, it is not meant to be run directly.\n"
          + "Install it in a filesystem mirror and run terraform init (see infra/terraform/README.md).");
      System.exit(1);
    }
    String versions = System.getenv().getOrDefault("PLUGIN_PROTOCOL_VERSIONS", "6");
    if (!List.of(versions.split(",")).contains("6")) {
      System.err.println("Terraform offers plugin protocol versions " + versions + "; this provider speaks 6 "
          + "(Terraform 1.0 or newer).");
      System.exit(1);
    }
    ignoreInterrupt();
    long t0 = System.nanoTime();
    ProviderService provider = new ProviderService(Resources.all(), System.getenv());
    if (Log.isDebug()) { // the management classes cost start-up time: only when asked for
      Log.debug("startup provider_ms=" + (System.nanoTime() - t0) / 1_000_000
          + " jvm_ms=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }
    PluginServer[] running = new PluginServer[1];
    PluginServer server = PluginServer.start(List.of(ProviderGrpc.bind(provider)),
        System.getenv("PLUGIN_CLIENT_CERT"), () -> exit(running[0], "shutdown requested"));
    running[0] = server;
    ProcessHandle.current().parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> exit(server, "terraform exited")));
    server.announce(stdout);
    Log.debug("serving port=" + server.port() + " startup_ms=" + (System.nanoTime() - t0) / 1_000_000);
    server.awaitTermination(); // gRPC's threads are daemons: main must stay until we exit
  }

  /** Ctrl-C reaches the whole process group; Terraform itself asks us to stop (StopProvider, then Shutdown). */
  private static void ignoreInterrupt() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> { });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      Log.debug("cannot ignore SIGINT: " + e);
    }
  }

  /**
   * Stops the I/O threads first (the JVM's exit waits 300 ms for threads in native code, and Terraform waits for
   * our exit), then halts: nothing else to flush or close, state lives in Terraform and on the server.
   */
  private static void exit(PluginServer server, String why) {
    Log.debug("exiting: " + why);
    if (server != null) {
      server.stop();
    }
    Runtime.getRuntime().halt(0);
  }
}
