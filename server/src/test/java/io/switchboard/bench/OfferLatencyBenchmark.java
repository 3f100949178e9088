package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.RedisAcd;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.CredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.support.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Enqueue → the agent's WebSocket receiving {@code call.offered}, end to end on one node: the real
 * {@link RedisAcd} (one Lua script routes the call and PUBLISHes the offer to the node's channel), the
 * {@link NodeBus} subscription, {@link SignalingServer}, and real WebSocket clients authenticated with
 * {@link AuthService} tokens. Each agent, once offered, accepts, hangs up and finishes wrap-up over its
 * socket, so it is available again for the next call.
 *
 * <p>Latency = from just before {@code acd.enqueue(..)} is called (on a server event loop, as the SIP side
 * would) to the client's text-message handler parsing the offer, both read with {@link System#nanoTime()} in
 * this one JVM. Phase 1: one call at a time. Phase 2: calls paced at a fixed rate. Phase 3, for comparison,
 * leaves the ACD out: a ready-made offer PUBLISHed to the node's channel, to the socket. Clients share the
 * machine with the node and Redis (2 cores), so figures are pessimistic.
 *
 * <p>Run: {@code mvn -B -q -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.bench.OfferLatencyBenchmark} (properties: {@code -Dbench.agents=100
 * -Dbench.sequential=3000 -Dbench.rate=200 -Dbench.seconds=10 -Dbench.redis=redis://host:6379} to use an
 * existing Redis instead of the embedded one; it is FLUSHed).
 */
public final class OfferLatencyBenchmark {
  private static final String TENANT = "bench";
  private static final String QUEUE = "bench";

  private final int agents = Integer.getInteger("bench.agents", 100);
  private final int sequential = Integer.getInteger("bench.sequential", 3000);
  private final int rate = Integer.getInteger("bench.rate", 200);
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
  private final AtomicInteger cycleErrors = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    new OfferLatencyBenchmark().run();
    System.exit(0); // embedded Redis and Vert.x threads stop with the JVM
  }

  private void run() throws Exception {
    String uri = System.getProperty("bench.redis", "");
    if (uri.isBlank()) {
      uri = TestRedis.uri();
    }
    flush(uri);
    Vertx server = Vertx.vertx();
    Vertx clients = Vertx.vertx();
    RedisConnections redis = RedisConnections.connect(uri, Duration.ofSeconds(5));
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of(
        "node.id", "bench-node", "auth.jwt.secret", "benchmark-secret-benchmark-secret-0123", "auth.bcrypt.cost", "4",
        "redis.uri", uri)));
    Users users = new Users();
    writeDirectory(redis, users);
    AuthService auth = AuthService.create(server, redis, config, users, users.hasher).await();
    RedisAcd acd = new RedisAcd(server, redis, AcdOptions.from(config), Clock.systemUTC());
    NodeBus bus = new NodeBus(server, redis, config.nodeId());
    bus.start().await();
    SignalingServer signaling = new SignalingServer(server, config, auth, acd, bus);
    HttpServer http = server.createHttpServer(SignalingServer.configure(new HttpServerOptions(), config))
        .webSocketHandshakeHandler(signaling.handshakeHandler());
    http.listen(0, "127.0.0.1").await();

    WebSocketClient wsClient = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(agents + 10));
    for (int i = 0; i < agents; i++) {
      connectAgent(wsClient, http.actualPort(), auth.login(TENANT, "a" + i, "pw-a" + i).await().accessToken());
    }
    Context driver = server.getOrCreateContext();

    // warm-up: JIT, script cache, connections
    runSequential(acd, driver, "w", Math.min(1000, sequential));
    long[] seq = runSequential(acd, driver, "s", sequential);
    long[] paced = runPaced(acd, driver, rate, seconds);
    long[] busOnly = runBusOnly(bus, driver, sequential);

    String redisVersion = redisVersion(uri);
    System.out.println();
    System.out.println("Offer latency: enqueue -> call.offered on the agent's WebSocket (real RedisAcd, " + agents
        + " agents on one node)");
    System.out.println(machine() + ", Redis " + redisVersion);
    System.out.println("| run | calls | p50 ms | p90 ms | p99 ms | max ms |");
    System.out.println("|-----|------:|-------:|-------:|-------:|-------:|");
    System.out.println(row("one call at a time", seq));
    System.out.println(row("paced at " + rate + " calls/s for " + seconds + " s", paced));
    System.out.println(row("signaling only: PUBLISH to the node channel -> socket, one at a time", busOnly));
    System.out.println("agent cycle errors: " + cycleErrors.get());
    System.out.println("Redis time per script call (INFO commandstats, whole run incl. accept/hangup/wrap-up): "
        + scriptStats(uri));
    System.out.printf("load average at the end: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    signaling.close().await();
    bus.close().await();
    auth.close();
    redis.close();
  }

  private long[] runSequential(RedisAcd acd, Context driver, String prefix, int n) throws Exception {
    long[] lat = new long[n];
    for (int i = 0; i < n; i++) {
      String callId = prefix + i;
      CompletableFuture<Long> got = expect(callId);
      enqueue(acd, driver, callId);
      lat[i] = got.get(10, TimeUnit.SECONDS);
    }
    return lat;
  }

  private long[] runPaced(RedisAcd acd, Context driver, int perSecond, int secs) throws Exception {
    int n = perSecond * secs;
    List<CompletableFuture<Long>> all = new ArrayList<>(n);
    long interval = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long now;
      while ((now = System.nanoTime()) < next) {
        LockSupport.parkNanos(next - now);
      }
      next += interval;
      String callId = "p" + i;
      all.add(expect(callId));
      enqueue(acd, driver, callId);
    }
    long[] lat = new long[n];
    for (int i = 0; i < n; i++) {
      lat[i] = all.get(i).get(30, TimeUnit.SECONDS);
    }
    return lat;
  }

  /** Without the ACD: what the node bus and the socket add (PUBLISH of a ready-made offer). */
  private long[] runBusOnly(NodeBus bus, Context driver, int n) throws Exception {
    long[] lat = new long[n];
    for (int i = 0; i < n; i++) {
      String callId = "bus-" + i;
      CompletableFuture<Long> got = expect(callId);
      String agent = "a" + (i % agents);
      driver.runOnContext(v -> {
        started.put(callId, System.nanoTime());
        bus.send(bus.nodeId(), TENANT, agent, new AgentMessage.CallOffered(callId, QUEUE, "+15550100", null, 0,
            System.currentTimeMillis() + 60_000));
      });
      lat[i] = got.get(10, TimeUnit.SECONDS);
    }
    return lat;
  }

  private CompletableFuture<Long> expect(String callId) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiting.put(callId, f);
    return f;
  }

  private void enqueue(RedisAcd acd, Context driver, String callId) {
    driver.runOnContext(v -> {
      started.put(callId, System.nanoTime());
      acd.enqueue(TENANT, new CallSpec(callId, QUEUE, null, Map.of(), null, "+15550100", "Bench", null, "bench-node"))
          .onFailure(e -> {
            System.err.println("enqueue failed: " + e);
            waiting.remove(callId).completeExceptionally(e);
          });
    });
  }

  /** One agent: available at once; each offer is timed, then accepted, hung up and wrapped up. */
  private void connectAgent(WebSocketClient client, int port, String token) {
    ClientWebSocket ws = client.webSocket();
    AtomicInteger ids = new AtomicInteger();
    Map<String, Runnable> onAck = new ConcurrentHashMap<>();
    ws.textMessageHandler(text -> {
      long now = System.nanoTime();
      JsonObject m = new JsonObject(text);
      switch (m.getString("type")) {
        case "call.offered" -> {
          String callId = m.getString("callId");
          Long t0 = started.remove(callId);
          CompletableFuture<Long> f = waiting.remove(callId);
          if (t0 != null && f != null) {
            f.complete(now - t0);
          }
          if (callId.startsWith("bus-")) {
            return; // not a real call: nothing to accept
          }
          send(ws, ids, onAck, new JsonObject().put("type", "call.accept").put("callId", callId), () ->
              send(ws, ids, onAck, new JsonObject().put("type", "call.hangup").put("callId", callId), () ->
                  send(ws, ids, onAck, new JsonObject().put("type", "wrapup.done").put("callId", callId)
                      .put("disposition", "bench"), () -> { })));
        }
        case "ack" -> {
          Runnable r = onAck.remove(m.getString("id"));
          if (r != null) {
            r.run();
          }
        }
        case "error" -> {
          cycleErrors.incrementAndGet();
          System.err.println("agent error: " + m.encode());
        }
        default -> { }
      }
    });
    ws.connect(port, "127.0.0.1", "/ws?access_token=" + token).await();
    CompletableFuture<Void> available = new CompletableFuture<>();
    send(ws, ids, onAck, new JsonObject().put("type", "state.set").put("state", "available"),
        () -> available.complete(null));
    available.join();
  }

  private static void send(ClientWebSocket ws, AtomicInteger ids, Map<String, Runnable> onAck, JsonObject m,
      Runnable then) {
    String id = Integer.toString(ids.incrementAndGet());
    onAck.put(id, then);
    ws.writeTextMessage(m.put("id", id).encode());
  }

  private void writeDirectory(RedisConnections redis, Users users) {
    var cmd = redis.commands();
    cmd.set(Keys.directory(TENANT, "queue", QUEUE), new JsonObject().put("id", QUEUE).put("name", QUEUE)
        .put("noAnswerSeconds", 60).put("wrapUpSeconds", 60).put("version", 1).encode()).toCompletableFuture().join();
    cmd.zadd(Keys.directoryIndex(TENANT, "queue"), 0, QUEUE).toCompletableFuture().join();
    for (int i = 0; i < agents; i++) {
      String id = "a" + i;
      users.add(id, "pw-" + id);
      cmd.set(Keys.directory(TENANT, "agent", id), new JsonObject().put("id", id).put("username", id)
          .put("displayName", id).put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
          .put("languages", new JsonArray().add("en")).put("region", "local").put("queues", new JsonArray().add(QUEUE))
          .put("enabled", true).put("version", 1).encode()).toCompletableFuture().join();
    }
  }

  /** Login's view of the agents, in memory. */
  private static final class Users implements CredentialStore {
    final Map<String, StoredUser> byName = new ConcurrentHashMap<>();
    final PasswordHasher hasher = new PasswordHasher(4);

    void add(String id, String password) {
      byName.put(id, new StoredUser(TENANT, id, id, hasher.hash(password), Set.of(Role.AGENT), true));
    }

    @Override
    public Future<Optional<StoredUser>> findByUsername(String tenant, String username) {
      return Future.succeededFuture(Optional.ofNullable(byName.get(username)));
    }

    @Override
    public Future<Optional<StoredUser>> findById(String tenant, String id) {
      return findByUsername(tenant, id);
    }
  }

  private static void flush(String uri) {
    RedisClient c = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      conn.sync().flushall();
    } finally {
      c.shutdown();
    }
  }

  static String scriptStats(String uri) {
    RedisClient c = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      StringBuilder sb = new StringBuilder();
      for (String line : conn.sync().info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_publish:")) {
          sb.append(line, "cmdstat_".length(), line.length()).append("  ");
        }
      }
      return sb.toString().trim();
    } finally {
      c.shutdown();
    }
  }

  static String redisVersion(String uri) {
    RedisClient c = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      for (String line : conn.sync().info("server").split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length()).trim();
        }
      }
      return "?";
    } finally {
      c.shutdown();
    }
  }

  static String machine() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (Exception e) {
      // not Linux: leave it unknown
    }
    return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), Java " + System.getProperty("java.version");
  }

  private static String row(String name, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format("| %s | %d | %.2f | %.2f | %.2f | %.2f |", name, s.length, ms(pct(s, 50)), ms(pct(s, 90)),
        ms(pct(s, 99)), ms(s[s.length - 1]));
  }

  private static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
