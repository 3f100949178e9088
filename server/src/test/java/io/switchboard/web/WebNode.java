package io.switchboard.web;

import io.switchboard.Node;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestNodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A loopback node with demo data for the browser tests, plus a Redis connection to check what the ACD wrote. */
final class WebNode implements AutoCloseable {
  static final String TENANT = "demo";
  static final String PASSWORD = "switchboard"; // demo.password's default

  final Node node;
  final RedisConnections redis;

  private WebNode(Node node, RedisConnections redis) {
    this.node = node;
    this.redis = redis;
  }

  static WebNode start(String nodeId) {
    return start(nodeId, Map.of());
  }

  /** As {@link #start(String)} with more settings (e.g. a short access-token lifetime). */
  static WebNode start(String nodeId, Map<String, String> overrides) {
    int redisPort = EmbeddedRedis.freePort();
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(200));
    settings.put("redis.embedded.port", String.valueOf(redisPort));
    settings.putAll(overrides);
    Node node = TestNodes.loopback(nodeId, settings);
    return new WebNode(node, RedisConnections.connect("redis://127.0.0.1:" + redisPort, Duration.ofSeconds(5)));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + node.httpPort();
  }

  /** A field of the ACD's call record (e.g. disposition, notes). */
  String callField(String callId, String field) throws Exception {
    return redis.commands().hget("sb:{" + TENANT + "}:acd:call:" + callId, field).get();
  }

  @Override
  public void close() {
    redis.close();
    node.stop();
  }
}
