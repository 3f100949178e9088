package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.RedisAcd;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.CredentialStore;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.AgentMessage;
import io.switchboard.config.RecordsConfig;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.records.CpuPriority;
import io.switchboard.records.Database;
import io.switchboard.records.EmbeddedDatabase;
import io.switchboard.records.EventStream;
import io.switchboard.records.PgEventStore;
import io.switchboard.records.RecordsPipeline;
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
 *
 * <p>Side by side with ingestion ({@code -Dbench.sideBySide=N}, N rounds per mode): instead of the three phases,
 * rounds of calls paced at {@code bench.rate} for {@code bench.seconds} alternate off, on, off, on, ... In an "on"
 * round a real {@link RecordsPipeline} ({@link EventStream} on the same Redis, {@link PgEventStore} with the
 * interaction projection, an embedded PostgreSQL through {@link Database}) runs while the calls are made, and starts
 * with a backlog of {@code -Dbench.backlog=60000} events that the real ACD wrote for another tenant (200 queues of one
 * agent each: answered calls with hold and wrap-up, one in ten abandoned) just before the round. Between rounds the
 * pipeline is stopped once its lag is 0, so "off" rounds run without it. Each round also reports this JVM's garbage
 * collections (count, total pause: they stop the node's event loops too); {@code -Dbench.batchSize} and
 * {@code -Dbench.cpuNice} override records.batch-size and records.cpu-nice.
 */
public final class OfferLatencyBenchmark {
  private static final String TENANT = "bench";
  private static final String QUEUE = "bench";

  private final int agents = Integer.getInteger("bench.agents", 100);
  private final int sequential = Integer.getInteger("bench.sequential", 3000);
  private final int rate = Integer.getInteger("bench.rate", 200);
  private final int seconds = Integer.getInteger("bench.seconds", 10);
  private final int sideBySide = Integer.getInteger("bench.sideBySide", 0);
  private final int backlog = Integer.getInteger("bench.backlog", 60_000);
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
    if (sideBySide > 0) {
      new SideBySide(uri, redis).run(acd, driver);
      return;
    }
    long[] seq = runSequential(acd, driver, "s", sequential);
    long[] paced = runPaced(acd, driver, "p", rate, seconds);
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

  private long[] runPaced(RedisAcd acd, Context driver, String prefix, int perSecond, int secs) throws Exception {
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
      String callId = prefix + i;
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

  /**
   * Rounds off and on alternately; "on": a real records pipeline into an embedded PostgreSQL, started with a backlog
   * of another tenant's ACD events, runs while the calls are made.
   */
  private final class SideBySide {
    private static final String LOAD_TENANT = "ingest";
    private static final int LANES = 200;
    private final String uri;
    private final RedisConnections redis;
    private final AtomicInteger loadCalls = new AtomicInteger();

    SideBySide(String uri, RedisConnections redis) {
      this.uri = uri;
      this.redis = redis;
    }

    void run(RedisAcd acd, Context driver) throws Exception {
      Path pgDir = Files.createTempDirectory("offer-bench-pg");
      EmbeddedDatabase pg = EmbeddedDatabase.start(pgDir, 0);
      Map<String, String> settings = new java.util.HashMap<>(Map.of("database.url", pg.jdbcUrl(),
          "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1"));
      if (System.getProperty("bench.cpuNice") != null) {  // else records.cpu-nice as the node has it
        settings.put("records.cpu-nice", System.getProperty("bench.cpuNice"));
      }
      if (System.getProperty("bench.batchSize") != null) {  // else records.batch-size as the node has it
        settings.put("records.batch-size", System.getProperty("bench.batchSize"));
      }
      RecordsConfig config = SwitchboardConfig.from(Settings.of(settings)).records();
      pg.lowerCpuPriority(config.cpuNice());  // as Database.open does for the node's embedded server
      Database db = Database.open(config, pgDir);
      Vertx load = Vertx.vertx();  // the other tenant's calls, as if made by other nodes
      RedisAcd loadAcd = new RedisAcd(load, redis, AcdOptions.defaults("load-node"), Clock.systemUTC());
      loadDirectory(loadAcd);
      redis.commands().sadd(Keys.TENANTS, TENANT, LOAD_TENANT).toCompletableFuture().get();
      redis.commands().configSet("slowlog-log-slower-than", "1000").toCompletableFuture().get();
      redis.commands().configSet("slowlog-max-len", "10000").toCompletableFuture().get();
      redis.commands().slowlogReset().toCompletableFuture().get();
      RecordsPipeline pipeline = new RecordsPipeline(new EventStream(
          redis.bulkCommands(CpuPriority.lowering(config.cpuNice(), "records-redis-client")), "bench-node"),
          new PgEventStore(db.dataSource()), config, Clock.systemUTC());
      EventStream probe = new EventStream(redis.commands(), "probe");
      List<String> rows = new ArrayList<>();
      List<long[]> off = new ArrayList<>();
      List<long[]> on = new ArrayList<>();
      long ingested = 0;
      Map<String, long[]> slowOff = new java.util.TreeMap<>();
      Map<String, long[]> slowOn = new java.util.TreeMap<>();
      double onSeconds = 0;
      try {
        for (int r = 0; r < 2 * sideBySide; r++) {
          boolean ingesting = r % 2 == 1;
          String load0 = BenchMachine.loadavg();
          if (!ingesting) {
            redis.commands().slowlogReset().toCompletableFuture().get();
            long[] gc0 = gcPauses();
            long[] lat = runPaced(acd, driver, "r" + r + "-", rate, seconds);
            String gc = gcSince(gc0);
            slowCommands(slowOff);
            off.add(lat);
            rows.add(row("round " + (r + 1) + ": off", lat) + " | | | " + gc + " | " + load0 + " |");
            continue;
          }
          long written = writeBacklog(loadAcd, backlog);
          redis.commands().slowlogReset().toCompletableFuture().get();
          long before = pipeline.recorded();
          long t0 = System.nanoTime();
          long[] gc0 = gcPauses();
          pipeline.start();
          AtomicInteger drainedMs = new AtomicInteger(-1);
          Thread sampler = new Thread(() -> sampleDrain(pipeline, before, written, t0, drainedMs),
              "drain-sampler");
          sampler.setDaemon(true);
          sampler.start();
          long[] lat = runPaced(acd, driver, "r" + r + "-", rate, seconds);
          String gc = gcSince(gc0);
          double secs = (System.nanoTime() - t0) / 1e9;
          long stored = pipeline.recorded() - before;
          sampler.interrupt();
          sampler.join();
          long lagAtEnd = pipeline.status().lagEvents();
          slowCommands(slowOn);
          on.add(lat);
          ingested += stored;
          onSeconds += secs;
          String drained = drainedMs.get() >= 0 ? String.format("%.1f s", drainedMs.get() / 1000.0)
              : "not (lag " + lagAtEnd + ")";  // lagAtEnd: at most LAG_COUNT_CAP undelivered on Redis 6.2
          rows.add(row("round " + (r + 1) + ": on", lat) + String.format(" %,d written before, %,d stored | %,.0f | %s | %s | %s |",
              written, stored, stored / secs, drained, gc, load0));
          awaitLagZero(probe);
          pipeline.stop();
        }
      } finally {
        pipeline.stop();
        db.close();
        pg.close();
        load.close();
      }
      System.out.println();
      System.out.println("Offer latency side by side with ingestion: enqueue -> call.offered (real RedisAcd, " + agents
          + " agents), paced at " + rate + " calls/s for " + seconds + " s per round; on = records pipeline into "
          + "PostgreSQL running, backlog " + backlog + " events of another tenant at the round's start");
      System.out.println(machine() + ", Redis " + redisVersion(uri));
      System.out.println("Batch size " + config.batchSize() + ", records.cpu-nice " + config.cpuNice());
      System.out.println("| round | calls | p50 ms | p90 ms | p99 ms | max ms | events (on) | stored events/s | backlog "
          + "stored after | GC pauses in the round | load at start |");
      System.out.println("|---|--:|--:|--:|--:|--:|---|--:|---|---|---|");
      rows.forEach(System.out::println);
      System.out.println(row("all off rounds", concat(off)) + " | | | | | |");
      System.out.println(row("all on rounds", concat(on)) + String.format(" %,d stored | %,.0f | | | |", ingested,
          ingested / onSeconds));
      System.out.println("median of the rounds' p99: off " + medianP99(off) + " ms, on " + medianP99(on) + " ms");
      System.out.println("agent cycle errors: " + cycleErrors.get());
      System.out.println("Redis commands over 1 ms during off rounds (SLOWLOG): " + describe(slowOff));
      System.out.println("Redis commands over 1 ms during on rounds (SLOWLOG): " + describe(slowOn));
      System.out.println("Redis time per call (INFO commandstats, whole run): " + streamStats());
      System.out.println("load average at the end: " + BenchMachine.loadavg());
    }

    /** Adds the commands Redis took over 1 ms to run since the last reset, by name: count and longest. */
    private void slowCommands(Map<String, long[]> by) throws Exception {
      for (Object e : redis.commands().slowlogGet(10_000).toCompletableFuture().get()) {
        List<?> entry = (List<?>) e;
        long micros = ((Number) entry.get(2)).longValue();
        String name = String.valueOf(((List<?>) entry.get(3)).get(0)).toLowerCase();
        long[] c = by.computeIfAbsent(name, k -> new long[2]);
        c[0]++;
        c[1] = Math.max(c[1], micros);
      }
    }

    private String describe(Map<String, long[]> by) {
      StringBuilder sb = new StringBuilder();
      by.forEach((k, v) -> sb.append(String.format("%s %d (max %.1f ms)  ", k, v[0], v[1] / 1000.0)));
      return sb.length() == 0 ? "none" : sb.toString().trim();
    }

    private String streamStats() throws Exception {
      StringBuilder sb = new StringBuilder();
      for (String line : redis.commands().info("commandstats").toCompletableFuture().get().split("\r?\n")) {
        if (line.matches("cmdstat_(evalsha|publish|x[a-z]+):.*")) {
          sb.append(line, "cmdstat_".length(), line.length()).append("  ");
        }
      }
      return sb.toString().trim();
    }

    /**
     * Time (ms from t0) at which the pipeline had stored, since the round began, as many events as the backlog held.
     * Not its lag figure: on Redis 6.2 that counts at most {@code EventStream.LAG_COUNT_CAP} undelivered entries, so
     * it fell below any threshold the moment a batch was acknowledged, backlog or not.
     */
    private void sampleDrain(RecordsPipeline pipeline, long before, long backlog, long t0, AtomicInteger drainedMs) {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          if (pipeline.recorded() - before >= backlog) {
            drainedMs.set((int) ((System.nanoTime() - t0) / 1_000_000));
            return;
          }
          Thread.sleep(20);
        }
      } catch (InterruptedException e) {
        // round over
      }
    }

    private long lag(EventStream probe) throws Exception {
      return probe.lag(TENANT).events() + probe.lag(LOAD_TENANT).events();
    }

    private void awaitLagZero(EventStream probe) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      Thread.sleep(500);  // the agents' last accept/hang-up/wrap-up events
      while (lag(probe) > 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the pipeline did not catch up in 2 minutes: lag " + lag(probe));
        }
        Thread.sleep(200);
      }
    }

    /** Queue q<i> with agent g<i> only in the load tenant; every agent available. */
    private void loadDirectory(RedisAcd loadAcd) throws Exception {
      for (int i = 0; i < LANES; i++) {
        JsonObject q = new JsonObject().put("id", "q" + i).put("name", "q" + i).put("version", 1)
            .put("wrapUpSeconds", 30);
        redis.commands().set(Keys.directory(LOAD_TENANT, "queue", "q" + i), q.encode()).toCompletableFuture().get();
        JsonObject a = new JsonObject().put("id", "g" + i).put("username", "g" + i).put("displayName", "g" + i)
            .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
            .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("q" + i))
            .put("enabled", true).put("version", 1);
        redis.commands().set(Keys.directory(LOAD_TENANT, "agent", "g" + i), a.encode()).toCompletableFuture().get();
        loadAcd.setState(LOAD_TENANT, "g" + i, AgentState.AVAILABLE, null, "load-node").await();
      }
    }

    /** About {@code events} events of realistic calls on every lane at once; returns the events written. */
    private long writeBacklog(RedisAcd loadAcd, int events) {
      int perLane = (int) Math.ceil(events / 7.6 / LANES);
      List<Future<Void>> runs = new ArrayList<>();
      AtomicInteger made = new AtomicInteger();
      AtomicInteger abandoned = new AtomicInteger();
      for (int i = 0; i < LANES; i++) {
        String queue = "q" + i;
        String agent = "g" + i;
        Future<Void> f = Future.succeededFuture();
        for (int n = 0; n < perLane; n++) {
          f = f.compose(v -> loadCall(loadAcd, queue, agent, made, abandoned));
        }
        runs.add(f);
      }
      Future.all(runs).await();
      return (made.get() - abandoned.get()) * 8L + abandoned.get() * 4L;
    }

    private Future<Void> loadCall(RedisAcd loadAcd, String queue, String agent, AtomicInteger made,
        AtomicInteger abandoned) {
      int n = loadCalls.incrementAndGet();
      made.incrementAndGet();
      String id = "load-" + n;
      Future<Void> offered = loadAcd.enqueue(LOAD_TENANT, new CallSpec(id, queue, null, Map.of(), "en",
          "+1555" + (1_000_000 + n), null, null, "load-node")).mapEmpty();
      if (n % 10 == 0) {
        abandoned.incrementAndGet();
        return offered.compose(v -> loadAcd.callerHangup(LOAD_TENANT, id));
      }
      return offered.compose(v -> loadAcd.accept(LOAD_TENANT, agent, id))
          .compose(v -> loadAcd.setCallFlag(LOAD_TENANT, agent, id, Acd.CallFlag.HELD, true))
          .compose(v -> loadAcd.setCallFlag(LOAD_TENANT, agent, id, Acd.CallFlag.HELD, false))
          .compose(v -> loadAcd.hangup(LOAD_TENANT, agent, id))
          .compose(v -> loadAcd.wrapUpDone(LOAD_TENANT, agent, id, "resolved", "load call " + n));
    }
  }

  /** This JVM's garbage collections so far: count and total time (ms), every collector summed. */
  private static long[] gcPauses() {
    long count = 0;
    long ms = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      ms += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, ms};
  }

  private static String gcSince(long[] before) {
    long[] now = gcPauses();
    return (now[0] - before[0]) + ", " + (now[1] - before[1]) + " ms";
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static String medianP99(List<long[]> rounds) {
    double[] p99 = rounds.stream().mapToDouble(l -> {
      long[] s = l.clone();
      Arrays.sort(s);
      return ms(pct(s, 99));
    }).sorted().toArray();
    double m = p99.length % 2 == 1 ? p99[p99.length / 2] : (p99[p99.length / 2 - 1] + p99[p99.length / 2]) / 2;
    return String.format("%.2f", m);
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
