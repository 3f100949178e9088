package io.switchboard.signaling;

import io.switchboard.acd.Acd;
import io.switchboard.auth.TokenVerifier;
import io.switchboard.cluster.NodeBus;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The signaling half of a node for tests and benchmarks: its own Redis connections, a {@link NodeBus}, a
 * {@link SignalingServer} and a real HttpServer on a free loopback port.
 */
public final class TestNode implements AutoCloseable {
  public final String nodeId;
  public final RedisConnections redis;
  public final NodeBus bus;
  public final SignalingServer signaling;
  public final HttpServer http;
  public final SwitchboardConfig config;

  public TestNode(Vertx vertx, String redisUri, String nodeId, TokenVerifier verifier, Acd acd, Clock clock,
      Map<String, String> settings) {
    this.nodeId = nodeId;
    Map<String, String> all = new HashMap<>(Map.of("node.id", nodeId, "stats.push-interval-ms", "100",
        "redis.uri", redisUri));
    all.putAll(settings);
    this.config = SwitchboardConfig.from(Settings.of(all));
    this.redis = RedisConnections.connect(redisUri, java.time.Duration.ofSeconds(5));
    this.bus = new NodeBus(vertx, redis, nodeId);
    bus.start().await();
    this.signaling = new SignalingServer(vertx, config, verifier, acd, bus, clock);
    this.http = vertx.createHttpServer(SignalingServer.configure(new HttpServerOptions(), config))
        .webSocketHandshakeHandler(signaling.handshakeHandler())
        .requestHandler(r -> r.response().setStatusCode(404).end());
    http.listen(0, "127.0.0.1").await();
  }

  public int port() {
    return http.actualPort();
  }

  @Override
  public void close() {
    signaling.close().await();
    http.close().await();
    bus.close().await();
    redis.close();
  }
}
