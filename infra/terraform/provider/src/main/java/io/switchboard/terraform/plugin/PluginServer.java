package io.switchboard.terraform.plugin;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.terraform.protocol.GoPlugin;
import io.switchboard.terraform.protocol.HealthCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The go-plugin server side: a gRPC server on a loopback port serving the given services plus go-plugin's
 * controller (Shutdown → exit) and health ("plugin" is SERVING), announced by one handshake line on stdout:
 * {@code 1|6|tcp|127.0.0.1:PORT|grpc|<cert>}. The process exits on Shutdown and when Terraform (the parent)
 * dies, so no provider is ever left running.
 */
public final class PluginServer {
  /** go-plugin core protocol version, then the app (tfplugin) protocol version. */
  static final int CORE_VERSION = 1;
  static final int APP_VERSION = 6;

  private final Server server;
  private final AutoMtls tls;

  private PluginServer(Server server, AutoMtls tls) {
    this.server = server;
    this.tls = tls;
  }

  /**
   * Starts serving on an ephemeral loopback port.
   *
   * @param clientCertPem Terraform's certificate (PLUGIN_CLIENT_CERT) for AutoMTLS, or null for plaintext
   * @param onShutdown    run after Shutdown has been answered (normally: exit the process)
   */
  public static PluginServer start(List<ServerServiceDefinition> services, String clientCertPem, Runnable onShutdown)
      throws IOException, GeneralSecurityException {
    long t0 = System.nanoTime();
    AutoMtls tls = clientCertPem == null || clientCertPem.isBlank() ? null : AutoMtls.forClient(clientCertPem);
    Log.debug("startup tls_ms=" + (System.nanoTime() - t0) / 1_000_000);
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (tls != null) {
      b.sslContext(tls.sslContext());
    }
    services.forEach(b::addService);
    b.addService(controller(onShutdown));
    b.addService(health());
    PluginServer started = new PluginServer(b.build().start(), tls);
    Log.debug("startup server_ms=" + (System.nanoTime() - t0) / 1_000_000);
    return started;
  }

  private static ServerServiceDefinition controller(Runnable onShutdown) {
    return Rpc.service("plugin.GRPCController").unary("Shutdown", GoPlugin.Empty.getDefaultInstance(),
        GoPlugin.Empty.getDefaultInstance(), req -> {
          Thread t = new Thread(onShutdown, "plugin-shutdown");
          t.setDaemon(false);
          t.start(); // after this response is on its way
          return GoPlugin.Empty.getDefaultInstance();
        }).build();
  }

  private static ServerServiceDefinition health() {
    return Rpc.service("grpc.health.v1.Health").unary("Check", HealthCheck.HealthCheckRequest.getDefaultInstance(),
        HealthCheck.HealthCheckResponse.getDefaultInstance(), req -> HealthCheck.HealthCheckResponse.newBuilder()
            .setStatus(req.getService().isEmpty() || req.getService().equals("plugin")
                ? HealthCheck.HealthCheckResponse.ServingStatus.SERVING
                : HealthCheck.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN).build()).build();
  }

  public int port() {
    return server.getPort();
  }

  /** The one line Terraform reads from stdout. */
  public String handshakeLine() throws GeneralSecurityException {
    String line = CORE_VERSION + "|" + APP_VERSION + "|tcp|127.0.0.1:" + port() + "|grpc";
    return tls == null ? line : line + "|" + tls.handshakeCert();
  }

  public void announce(PrintStream stdout) throws GeneralSecurityException {
    stdout.println(handshakeLine());
    stdout.flush();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  public void stop() {
    server.shutdownNow();
  }
}
