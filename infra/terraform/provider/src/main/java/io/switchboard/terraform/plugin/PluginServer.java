package io.switchboard.terraform.plugin;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.switchboard.terraform.protocol.GoPlugin;
import io.switchboard.terraform.protocol.HealthCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
  /** Between answering Shutdown and exiting; Terraform waits up to 2 s for the exit before killing. */
  static final long SHUTDOWN_GRACE_MS = 30;

  private final Server server;
  private final AutoMtls tls;
  private final EventLoopGroup loops;

  private PluginServer(Server server, AutoMtls tls, EventLoopGroup loops) {
    this.server = server;
    this.tls = tls;
    this.loops = loops;
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
    // Our own NIO loop (not gRPC's shared, native epoll ones) so that close() can stop it: the JVM's exit waits
    // 300 ms for threads sitting in native code such as epoll_wait, and Terraform waits for our exit.
    EventLoopGroup loops = new NioEventLoopGroup(2, new DefaultThreadFactory("plugin-io", true));
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .channelType(NioServerSocketChannel.class).bossEventLoopGroup(loops).workerEventLoopGroup(loops);
    if (tls != null) {
      b.sslContext(tls.sslContext());
    }
    services.forEach(b::addService);
    b.addService(controller(onShutdown));
    b.addService(health());
    PluginServer started = new PluginServer(b.build().start(), tls, loops);
    Log.debug("startup server_ms=" + (System.nanoTime() - t0) / 1_000_000);
    return started;
  }

  private static ServerServiceDefinition controller(Runnable onShutdown) {
    return Rpc.service("plugin.GRPCController").unary("Shutdown", GoPlugin.Empty.getDefaultInstance(),
        GoPlugin.Empty.getDefaultInstance(), req -> {
          Thread t = new Thread(() -> {
            try {
              Thread.sleep(SHUTDOWN_GRACE_MS); // let this response reach Terraform, so it sees a clean exit
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            onShutdown.run();
          }, "plugin-shutdown");
          t.start();
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

  /** Stops serving and the I/O threads (bounded: at most ~0.2 s). */
  public void stop() {
    server.shutdownNow();
    loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(200);
  }
}
