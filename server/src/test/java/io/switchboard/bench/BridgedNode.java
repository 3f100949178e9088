package io.switchboard.bench;

import io.switchboard.Node;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.support.TestNodes;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.support.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node of {@link BridgedCallsBenchmark}, in its own JVM so that its CPU is the process's CPU: a real
 * {@link Node} (embedded Redis on a free port, SIP and HTTP on loopback, the real WebRTC endpoint answering
 * {@code media.offer}) and, in the directory, a tenant {@code bench} with one skill, one queue, a trunk for
 * 127.0.0.1, the number {@link #NUMBER} and {@code n} agents {@code b0}..{@code b<n-1>}.
 *
 * <p>Speaks lines on stdin/stdout: prints {@code READY http=<port> sip=<port>}, then answers {@code MEASURE}
 * with {@code STATS heap=<bytes after GC> threads=<n> calls=<n> legs=<n> sessions=<n> ports=<n>} until
 * {@code STOP}. The access-token secret comes from the environment ({@code BENCH_JWT_SECRET}), so the driver
 * signs the agents' tokens itself (no bcrypt logins: not what is measured).
 */
public final class BridgedNode {
  static final String TENANT = "bench";
  static final String NUMBER = "+15550199";

  private BridgedNode() {}

  public static void main(String[] args) throws Exception {
    int agents = Integer.parseInt(args[0]);
    Map<String, String> cfg = new HashMap<>(Map.of(
        "http.host", "127.0.0.1", "http.port", "0",
        "sip.host", "127.0.0.1", "sip.port", "0",
        // every caller of the driver comes from 127.0.0.1: lift the per-source flood limit
        "sip.flood.rate", "100000", "sip.flood.burst", "100000",
        "media.bind-host", "127.0.0.1",
        "webrtc.bind-host", "127.0.0.1", "webrtc.port", "0",
        "redis.embedded.port", String.valueOf(EmbeddedRedis.freePort())));
    cfg.putAll(Map.of("node.id", "bridge-bench", "auth.bcrypt.cost", "4", "bootstrap.tenant", TENANT, "demo.data", "false",
        "auth.jwt.secret", System.getenv("BENCH_JWT_SECRET"), "webrtc.consent-timeout-ms", "30000",
        // the ramp sets calls up faster than a cold node can (docs/benchmarks.md, Bridged calls); every call must be up to
        // measure the media, so new calls are not shed here
        "sip.overload.max-wait-ms", "0"));
    // -Dbench.node.<key>=<value> in bench.nodeJvmArgs overrides one node setting (e.g. media.io-threads)
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.node."))
        .forEach(k -> cfg.put(k.substring("bench.node.".length()), System.getProperty(k)));
    Node node = Node.start(SwitchboardConfig.from(TestNodes.settings(cfg)), new PrintStream(new ByteArrayOutputStream()));
    provision(node.directory(), agents).toCompletionStage().toCompletableFuture().get();
    System.out.println("READY http=" + node.httpPort() + " sip=" + node.sipPort());
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null && !line.equals("STOP")) {
      if (line.equals("MEASURE")) {
        System.out.println("STATS heap=" + BenchMachine.heapAfterGc() + " threads="
            + ManagementFactory.getThreadMXBean().getThreadCount() + " calls=" + node.calls().activeCalls()
            + " legs=" + node.webrtc().activeLegs() + " sessions=" + node.media().activeSessions()
            + " ports=" + node.media().portsInUse() + " media loop " + node.media().pollGaps()
            + " threadsByName=" + threadCounts());
      } else if (line.equals("CPU")) {
        System.out.println("STATS " + perThreadGroup(ManagementFactory.getThreadMXBean()::getThreadCpuTime));
      } else if (line.equals("ALLOC")) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println("STATS " + perThreadGroup(mx::getThreadAllocatedBytes));
      } else if (line.equals("COUNTS")) {
        System.out.println("STATS heap=0 threads=" + ManagementFactory.getThreadMXBean().getThreadCount()
            + " calls=" + node.calls().activeCalls() + " legs=" + node.webrtc().activeLegs()
            + " sessions=" + node.media().activeSessions() + " ports=" + node.media().portsInUse());
      }
    }
    node.stop();
    System.exit(0);
  }

  /** The bench tenant's objects, written through the directory (the admin API's own code path). */
  static Future<Void> provision(Directory dir, int agents) {
    Future<Void> f = dir.create(TENANT, Kind.SKILL, "bench", new JsonObject().put("name", "Bench")).mapEmpty();
    f = f.compose(x -> dir.create(TENANT, Kind.QUEUE, "bench", new JsonObject()
        .put("name", "Bench").put("priority", 0).put("strategy", "longest-idle")
        .put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", 20))
        .put("wrapUpSeconds", 30).put("noAnswerSeconds", 120).put("maxWaitSeconds", 3600)
        .put("requiredSkills", new JsonObject().put("bench", 1)))).mapEmpty();
    f = f.compose(x -> dir.create(TENANT, Kind.PHONE_NUMBER, "15550199", new JsonObject()
        .put("number", NUMBER).put("queue", "bench"))).mapEmpty();
    f = f.compose(x -> dir.create(TENANT, Kind.TRUNK, "bench", new JsonObject()
        .put("name", "Bench").put("transport", "udp")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 5070)))
        .put("allowedSources", new JsonArray().add("127.0.0.1/32"))
        .put("maxConcurrentCalls", 100_000)
        .put("numbers", new JsonArray().add(NUMBER)))).mapEmpty();
    return f.compose(x -> {
      // 50 at a time: each create is a few Redis round trips
      Future<Void> chain = Future.succeededFuture();
      for (int from = 0; from < agents; from += 50) {
        int lo = from;
        int hi = Math.min(agents, from + 50);
        chain = chain.compose(y -> {
          List<Future<?>> batch = new ArrayList<>();
          for (int i = lo; i < hi; i++) {
            batch.add(dir.create(TENANT, Kind.AGENT, agentId(i), new JsonObject()
                .put("username", agentId(i)).put("roles", new JsonArray().add("agent"))
                .put("skills", new JsonObject().put("bench", 1)).put("queues", new JsonArray().add("bench"))));
          }
          return Future.all(batch).mapEmpty();
        });
      }
      return chain;
    });
  }

  static String agentId(int i) {
    return "b" + i;
  }

  /** The thread groups with more than 2 live threads: {@code name:count,...}. */
  private static String threadCounts() {
    Map<String, Integer> by = new java.util.TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      by.merge(t.getName().replaceAll("[0-9]+", "#").replace(' ', '_'), 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    by.forEach((k, v) -> {
      if (v > 2) {
        sb.append(k).append(':').append(v).append(',');
      }
    });
    return sb.toString();
  }

  /**
   * A per-thread figure (CPU nanoseconds, bytes allocated) of the live threads grouped by name with digits as '#':
   * {@code name=value;...}.
   */
  private static String perThreadGroup(java.util.function.LongUnaryOperator byThreadId) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> by = new java.util.TreeMap<>();
    for (long id : mx.getAllThreadIds()) {
      java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
      long value = byThreadId.applyAsLong(id);
      if (info != null && value > 0) {
        by.merge(info.getThreadName().replaceAll("[0-9]+", "#").replace(' ', '_').replace(';', '_')
            .replace('=', '_'), value, Long::sum);
      }
    }
    StringBuilder sb = new StringBuilder();
    by.forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
    return sb.toString();
  }
}
