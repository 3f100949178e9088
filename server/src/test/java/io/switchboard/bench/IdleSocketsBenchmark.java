package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.RedisAcd;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.CredentialStore;
import io.switchboard.auth.JwtTokens;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Role;
import io.switchboard.cluster.NodeBus;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.SignalingServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * How much heap one node needs to hold many idle, authenticated agent WebSockets (target: 10,000 in under
 * 1 GiB).
 *
 * <p>Three JVMs, so that neither the clients' objects nor their file descriptors count against the node:
 * this main only orchestrates; it starts a <b>node</b> JVM (-Xmx1g: embedded Redis, {@link AuthService},
 * {@link RedisAcd}, {@link NodeBus}, {@link SignalingServer} on a loopback HttpServer) and a <b>clients</b>
 * JVM that opens the sockets with access tokens signed by the node's secret and waits for each
 * {@code hello}. The node then measures heap used after {@code System.gc()} with {@link MemoryMXBean}. Each
 * JVM holds about n sockets, below the usual 20,000 open-files limit ({@code ulimit -n}); raise it for more.
 *
 * <p>Run (from the repository root): {@code mvn -B -q -pl server -am test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=$PWD/server/target/bench.cp && java -cp
 * server/target/test-classes:server/target/classes:$(cat server/target/bench.cp)
 * io.switchboard.bench.IdleSocketsBenchmark} ({@code -Dbench.sockets=10000}).
 */
public final class IdleSocketsBenchmark {
  private static final String TENANT = "bench";
  private static final String ISSUER = "switchboard";

  public static void main(String[] args) throws Exception {
    quietLogs();
    if (args.length > 0 && args[0].equals("node")) {
      node();
    } else if (args.length > 0 && args[0].equals("clients")) {
      clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    } else {
      orchestrate(Integer.getInteger("bench.sockets", 10_000));
    }
  }

  private static void quietLogs() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
  }

  // ---- orchestrator ------------------------------------------------------------------------------------

  private static void orchestrate(int n) throws Exception {
    String secret = BenchMachine.randomSecret();
    Child node = Child.start(secret, "-Xmx1g", "node");
    Child clients = null;
    try {
      int port = Integer.parseInt(node.expect("PORT"));
      String baseline = node.ask("MEASURE");
      long t0 = System.nanoTime();
      clients = Child.start(secret, "-Xmx1g", "clients", Integer.toString(port), Integer.toString(n));
      String ready = clients.expect("READY");
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      String loaded = node.ask("MEASURE");
      clients.send("STOP");
      clients.expect("CLOSED");
      Thread.sleep(1000);
      String after = node.ask("MEASURE");

      Stats b = Stats.parse(baseline);
      Stats l = Stats.parse(loaded);
      Stats a = Stats.parse(after);
      System.out.println();
      System.out.println("Idle agent WebSockets on one node (node JVM -Xmx1g, clients in another JVM)");
      System.out.println(OfferLatencyBenchmark.machine());
      System.out.println("| sockets open | heap used after GC | Netty direct memory | node threads |");
      System.out.println("|-------------:|-------------------:|--------------------:|-------------:|");
      System.out.println(b.row());
      System.out.println(l.row());
      System.out.println(a.row() + "  (after the clients closed)");
      System.out.printf("per socket: %.1f KiB of heap; %d sockets authenticated and greeted in %.1f s (%s)%n",
          (l.heap - b.heap) / 1024.0 / Math.max(1, l.sessions - b.sessions), l.sessions, connectSeconds, ready);
      node.send("STOP");
    } finally {
      if (clients != null) {
        clients.destroy();
      }
      node.destroy();
    }
  }

  /** A child JVM on this classpath, spoken to by lines on stdin/stdout. */
  private static final class Child {
    final Process process;
    final BufferedReader out;
    final PrintWriter in;

    private Child(Process p) {
      this.process = p;
      this.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static Child start(String secret, String heap, String... args) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", heap,
          "-cp", System.getProperty("java.class.path"), IdleSocketsBenchmark.class.getName()));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().put("BENCH_JWT_SECRET", secret);
      return new Child(pb.start());
    }

    void send(String line) {
      in.println(line);
    }

    String ask(String line) throws Exception {
      send(line);
      return expect(line.equals("MEASURE") ? "HEAP" : line);
    }

    /** Waits for a line starting with {@code word} and returns the rest. */
    String expect(String word) throws Exception {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(word + " ") || line.equals(word)) {
          return line.substring(word.length()).trim();
        }
        System.out.println("  [child] " + line);
      }
      throw new IllegalStateException("child exited before " + word);
    }

    void destroy() {
      process.destroy();
    }
  }

  private record Stats(long heap, int sessions, long direct, int threads) {
    static Stats parse(String s) {
      String[] p = s.split(" ");
      return new Stats(Long.parseLong(p[0]), Integer.parseInt(p[2]), Long.parseLong(p[4]), Integer.parseInt(p[6]));
    }

    String row() {
      return String.format("| %,d | %.1f MiB | %.1f MiB | %d |", sessions, heap / 1048576.0, direct / 1048576.0,
          threads);
    }
  }

  // ---- node --------------------------------------------------------------------------------------------

  private static void node() throws Exception {
    EmbeddedRedis embedded = EmbeddedRedis.start(0);
    Vertx vertx = Vertx.vertx();
    RedisConnections redis = RedisConnections.connect(embedded.uri(), Duration.ofSeconds(5));
    SwitchboardConfig config = SwitchboardConfig.from(Settings.of(Map.of(
        "node.id", "idle-node", "auth.jwt.secret", System.getenv("BENCH_JWT_SECRET"), "auth.bcrypt.cost", "4",
        "redis.uri", embedded.uri())));
    CredentialStore noUsers = new CredentialStore() {
      @Override
      public Future<Optional<StoredUser>> findByUsername(String tenant, String username) {
        return Future.succeededFuture(Optional.empty());
      }

      @Override
      public Future<Optional<StoredUser>> findById(String tenant, String id) {
        return Future.succeededFuture(Optional.empty());
      }
    };
    AuthService auth = AuthService.create(vertx, redis, config, noUsers, new PasswordHasher(4)).await();
    RedisAcd acd = new RedisAcd(vertx, redis, AcdOptions.from(config), Clock.systemUTC());
    NodeBus bus = new NodeBus(vertx, redis, config.nodeId());
    bus.start().await();
    SignalingServer signaling = new SignalingServer(vertx, config, auth, acd, bus);
    HttpServer http = vertx.createHttpServer(SignalingServer.configure(new HttpServerOptions(), config))
        .webSocketHandshakeHandler(signaling.handshakeHandler());
    http.listen(0, "127.0.0.1").await();
    System.out.println("PORT " + http.actualPort());
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null && !line.equals("STOP")) {
      if (line.equals("MEASURE")) {
        System.out.println("HEAP " + BenchMachine.heapAfterGc() + " SESSIONS " + signaling.sessionCount() + " DIRECT "
            + io.netty.util.internal.PlatformDependent.usedDirectMemory() + " THREADS "
            + ManagementFactory.getThreadMXBean().getThreadCount());
      }
    }
    embedded.close();
    System.exit(0);
  }

  // ---- clients -----------------------------------------------------------------------------------------

  private static void clients(int port, int n) throws Exception {
    JwtTokens jwt = JwtTokens.start(System.getenv("BENCH_JWT_SECRET"), ISSUER, Clock.systemUTC());
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 100));
    Semaphore window = new Semaphore(200); // handshakes in flight
    AtomicInteger failed = new AtomicInteger();
    List<Future<ClientWebSocket>> sockets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String token = jwt.issue(JwtTokens.Type.ACCESS, TENANT, "agent-" + i, Set.of(Role.AGENT), null,
          Duration.ofHours(1)).token();
      window.acquire();
      ClientWebSocket ws = client.webSocket();
      Promise<ClientWebSocket> greeted = Promise.promise();
      ws.textMessageHandler(text -> {
        if (text.contains("\"type\":\"hello\"")) {
          greeted.tryComplete(ws);
        }
      });
      ws.connect(port, "127.0.0.1", "/ws?access_token=" + token).onFailure(e -> {
        failed.incrementAndGet();
        greeted.tryFail(e);
      });
      greeted.future().onComplete(ar -> window.release());
      sockets.add(greeted.future());
    }
    Future.join(new ArrayList<>(sockets)).toCompletionStage().toCompletableFuture().exceptionally(e -> null).join();
    System.out.println("READY " + (n - failed.get()) + " greeted, " + failed.get() + " failed");
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null && !line.equals("STOP")) {
      // idle
    }
    List<Future<Void>> closing = new ArrayList<>();
    for (Future<ClientWebSocket> f : sockets) {
      if (f.succeeded()) {
        closing.add(f.result().close());
      }
    }
    Future.join(closing).toCompletionStage().toCompletableFuture().exceptionally(e -> null).join();
    System.out.println("CLOSED");
    jwt.close();
    System.exit(0);
  }
}
