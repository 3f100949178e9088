package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.switchboard.acd.RedisAcd;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Routing decisions per second and Redis round trips per decision, on an embedded Redis.
 *
 * <p>Run: {@code mvn -B -q -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.bench.RoutingBenchmark [-Dexec.args="agents calls inFlight rounds region"]}
 * (defaults 12000 10000 256 3 eu: a few more agents than calls, so that nearly every call finds an eligible agent;
 * region "-" enters the calls without one, so that no call widens during a round and rounds of any speed do the same
 * work;
 * each phase runs {@code rounds} times on fresh data and the best round is summarised last, because the
 * machines this runs on are shared and one round can be slowed by whatever else runs at that moment).
 *
 * <p>Two phases, each a stream of ACD operations kept {@code inFlight} deep on the node's one multiplexed
 * connection (Lettuce pipelines them):
 * <ol>
 *   <li><b>enqueue → idle agent</b>: all agents idle; every enqueue routes its call inside the enqueue script.
 *   <li><b>agent available → waiting call</b>: all calls waiting; every agent going available picks one.
 * </ol>
 * Queues carry skill and language requirements and agents random skills, so routing has to filter. A
 * decision is an operation whose reply names the reservation it made. Round trips are read from Redis'
 * {@code INFO commandstats} before and after a phase: EVALSHA + EVAL calls per decision (every command run
 * inside a script is reported separately, it costs no round trip).
 */
public final class RoutingBenchmark {
  static final String T = "bench";
  static final String[] QUEUES = {"general", "billing", "tech", "spanish"};

  private final RedisAcd acd;
  private final RedisConnections redis;
  private final int inFlight;

  RoutingBenchmark(RedisAcd acd, RedisConnections redis, int inFlight) {
    this.acd = acd;
    this.redis = redis;
    this.inFlight = inFlight;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    // "-": calls without a region, so none widens during a round and every round does the same work
    callRegion = args.length > 4 ? (args[4].equals("-") ? null : args[4]) : "eu";

    EmbeddedRedis server = EmbeddedRedis.start(0);
    Vertx vertx = Vertx.vertx();
    RedisConnections redis = RedisConnections.connect(server.uri(), Duration.ofSeconds(30));
    try {
      RedisAcd acd = new RedisAcd(vertx, redis, AcdOptions.defaults("bench-node"), Clock.systemUTC());
      RoutingBenchmark bench = new RoutingBenchmark(acd, redis, inFlight);
      System.out.printf("machine: %d cores (%s), Java %s, Redis %s; %d agents, %d calls, %d in flight,"
              + " calls' region %s; load average before: %s%n",
          Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
          bench.info("server").get("redis_version"), agents, calls, inFlight, callRegion, loadAverage());
      // the old scripts, side by side: put a directory holding lua/acd-*.lua before the classes on the class path
      System.out.println("ACD scripts from: " + RoutingBenchmark.class.getResource("/lua/acd-lib.lua"));
      bench.directory(Math.max(agents, 2_000));
      bench.warmUp();
      List<Result> enqueue = new ArrayList<>();
      List<Result> available = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("-- round %d of %d%n", round, rounds);
        enqueue.add(bench.enqueueToIdleAgents(agents, calls));
        available.add(bench.agentsToWaitingCalls(agents, calls));
      }
      System.out.println("== best round of each phase");
      best(enqueue).print();
      best(available).print();
      System.out.printf("load average after: %s (other processes share these cores: compare it with the core count)%n",
          loadAverage());
    } finally {
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      server.close();
    }
  }

  /** Queues with requirements; agents in two queues each with random skills and languages. */
  void directory(int agents) {
    JsonObject[] queues = {
        new JsonObject(),
        new JsonObject().put("requiredSkills", new JsonObject().put("billing", 2)).put("strategy", "fewest-calls"),
        new JsonObject().put("requiredSkills", new JsonObject().put("tech", 3)).put("strategy", "round-robin"),
        new JsonObject().put("language", "es").put("strategy", "least-talk-time"),
    };
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < QUEUES.length; i++) {
      JsonObject doc = queues[i].put("id", QUEUES[i]).put("name", QUEUES[i]).put("noAnswerSeconds", 600).put("version", 1);
      writes.add(Future.fromCompletionStage(redis.commands().set(Keys.directory(T, "queue", QUEUES[i]), doc.encode())));
    }
    Random rnd = new Random(42);
    for (int i = 0; i < agents; i++) {
      String q1 = QUEUES[rnd.nextInt(QUEUES.length)];
      String q2 = QUEUES[rnd.nextInt(QUEUES.length)];
      JsonObject doc = new JsonObject()
          .put("id", agentId(i)).put("username", agentId(i)).put("roles", new JsonArray().add("agent"))
          .put("skills", new JsonObject().put("billing", 1 + rnd.nextInt(5)).put("tech", 1 + rnd.nextInt(5)))
          .put("languages", rnd.nextInt(3) > 0 ? new JsonArray().add("en").add("es") : new JsonArray().add("en"))
          .put("queues", new JsonArray().add(q1).add(q2)).put("enabled", true).put("version", 1);
      writes.add(Future.fromCompletionStage(redis.commands().set(Keys.directory(T, "agent", agentId(i)), doc.encode())));
    }
    Future.all(writes).await();
  }

  static String agentId(int i) {
    return "agent-" + i;
  }

  /** Loads the scripts into Redis and lets the JIT see every path once. */
  void warmUp() throws InterruptedException {
    int n = 2_000;
    run("warm-up available", n, i -> acd.setState(T, agentId(i), AgentState.AVAILABLE, null, "bench-node"), r -> false);
    run("warm-up enqueue", n, i -> acd.enqueue(T, call("warm-" + i, i)), r -> false);
    run("warm-up offline", n, i -> acd.agent(T, agentId(i)).compose(s -> s.state() == AgentState.AVAILABLE
        ? acd.setState(T, agentId(i), AgentState.OFFLINE, null, "bench-node") : Future.succeededFuture(s)), r -> false);
    redis.commands().flushall().toCompletableFuture().join();
  }

  /** The region every call enters with (null: none). */
  static String callRegion = "eu";

  static CallSpec call(String id, int i) {
    return new CallSpec(id, QUEUES[i % QUEUES.length], i % 10 == 0 ? 90 : null, Map.of(), null, "+1555" + i, null,
        callRegion,
        "bench-node");
  }

  static Result best(List<Result> results) {
    Result best = results.get(0);
    for (Result r : results) {
      if (r.decisions() / (double) r.nanos() > best.decisions() / (double) best.nanos()) {
        best = r;
      }
    }
    return best;
  }

  Result enqueueToIdleAgents(int agents, int calls) throws InterruptedException {
    redis.commands().flushall().toCompletableFuture().join();
    directory(agents);
    run("setup: agents available", agents,
        i -> acd.setState(T, agentId(i), AgentState.AVAILABLE, null, "bench-node"), r -> false);
    Result r = measure("enqueue -> idle agent", calls, i -> acd.enqueue(T, call("call-" + i, i)),
        e -> ((Enqueued) e).reservedAgent() != null);
    r.print();
    return r;
  }

  Result agentsToWaitingCalls(int agents, int calls) throws InterruptedException {
    redis.commands().flushall().toCompletableFuture().join();
    directory(agents);
    run("setup: calls waiting", calls, i -> acd.enqueue(T, call("call-" + i, i)), r -> false);
    Result r = measure("agent available -> waiting call", agents,
        i -> acd.setState(T, agentId(i), AgentState.AVAILABLE, null, "bench-node"),
        s -> ((AgentStatus) s).state() == AgentState.RESERVED);
    r.print();
    return r;
  }

  record Result(String name, int ops, int decisions, long nanos, long scriptCalls, long innerCommands,
                long scriptMicros, double redisCpuSeconds, long jvmCpuNanos, long[] latenciesNanos,
                Map<String, long[]> perCommand) {
    void print() {
      Arrays.sort(latenciesNanos); // idempotent
      double seconds = nanos / 1e9;
      System.out.printf("%s: %d operations, %d routing decisions in %.3f s = %.0f decisions/s (%.0f ops/s)%n",
          name, ops, decisions, seconds, decisions / seconds, ops / seconds);
      System.out.printf("  Redis round trips (EVALSHA+EVAL) per decision: %.3f; per operation: %.3f;"
              + " commands run inside the scripts per operation: %.1f%n",
          (double) scriptCalls / decisions, (double) scriptCalls / ops, (double) innerCommands / ops);
      System.out.printf("  Redis time inside the scripts: %.1f us per operation (%.0f%% of the wall time);"
              + " Redis CPU time (user+sys): %.1f us per operation, %.0f%% of one core%n",
          (double) scriptMicros / ops, scriptMicros / 10.0 / (nanos / 1e6),
          redisCpuSeconds * 1e6 / ops, redisCpuSeconds * 100 / seconds);
      System.out.printf("  this JVM (client: Lettuce, Vert.x, benchmark driver) CPU time: %.1f us per operation%n",
          jvmCpuNanos / 1e3 / ops);
      System.out.printf("  latency per operation with %s in flight: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          "the window", pct(0.50), pct(0.99), latenciesNanos[latenciesNanos.length - 1] / 1e6);
      StringBuilder line = new StringBuilder("  inside the scripts, per operation (command: calls, us):");
      long commandMicros = 0;
      for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(perCommand).entrySet()) {
        long[] callsAndMicros = e.getValue();
        line.append(String.format(" %s %.2f/%.1f", e.getKey(), callsAndMicros[0] / (double) ops,
            callsAndMicros[1] / (double) ops));
        commandMicros += e.getValue()[1];
      }
      System.out.println(line);
      System.out.printf("  the scripts' own Lua time (script time less its commands): %.1f us per operation%n",
          (scriptMicros - commandMicros) / (double) ops);
    }

    double pct(double p) {
      return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))] / 1e6;
    }
  }

  Result measure(String name, int ops, Function<Integer, Future<?>> op, Function<Object, Boolean> decided)
      throws InterruptedException {
    Map<String, Long> before = commandCalls();
    double cpuBefore = redisCpuSeconds();
    long jvmBefore = jvmCpuNanos();
    long[] latencies = new long[ops];
    long start = System.nanoTime();
    int decisions = drive(ops, op, decided, latencies);
    long nanos = System.nanoTime() - start;
    Map<String, Long> after = commandCalls();
    double cpu = redisCpuSeconds() - cpuBefore;
    long jvm = jvmCpuNanos() - jvmBefore;
    long scripts = delta(before, after, "evalsha") + delta(before, after, "eval");
    long all = 0;
    Map<String, long[]> perCommand = new HashMap<>();
    for (String cmd : after.keySet()) {
      if (!cmd.equals("info") && !cmd.endsWith(".usec")) {
        long calls = delta(before, after, cmd);
        all += calls;
        if (calls > 0 && !cmd.equals("evalsha") && !cmd.equals("eval")) {
          perCommand.put(cmd, new long[] {calls, delta(before, after, cmd + ".usec")});
        }
      }
    }
    long usec = delta(before, after, "evalsha.usec") + delta(before, after, "eval.usec");
    return new Result(name, ops, decisions, nanos, scripts, all - scripts, usec, cpu, jvm, latencies, perCommand);
  }

  void run(String name, int ops, Function<Integer, Future<?>> op, Function<Object, Boolean> decided)
      throws InterruptedException {
    drive(ops, op, decided, new long[ops]);
  }

  /** Issues {@code ops} operations keeping at most {@code inFlight} outstanding; returns how many decided. */
  int drive(int ops, Function<Integer, Future<?>> op, Function<Object, Boolean> decided, long[] latencies)
      throws InterruptedException {
    Semaphore window = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(ops);
    AtomicInteger decisions = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < ops; i++) {
      window.acquire();
      int index = i;
      long t0 = System.nanoTime();
      op.apply(i).onComplete(ar -> {
        latencies[index] = System.nanoTime() - t0;
        if (ar.succeeded() && decided.apply(ar.result())) {
          decisions.incrementAndGet();
        } else if (ar.failed() && failures.getAndIncrement() == 0) {
          System.err.println("operation failed: " + ar.cause());
        }
        window.release();
        done.countDown();
      });
    }
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("operations did not finish");
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " operations failed");
    }
    return decisions.get();
  }

  Map<String, String> info(String section) {
    Map<String, String> out = new HashMap<>();
    for (String line : redis.commands().info(section).toCompletableFuture().join().split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return out;
  }

  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  double redisCpuSeconds() {
    Map<String, String> cpu = info("cpu");
    return Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"));
  }

  /** cmdstat_&lt;command&gt;:calls=N,... → command → N. */
  Map<String, Long> commandCalls() {
    Map<String, Long> out = new HashMap<>();
    info("commandstats").forEach((k, v) -> {
      if (k.startsWith("cmdstat_")) {
        out.put(k.substring(8), field(v, "calls"));
        out.put(k.substring(8) + ".usec", field(v, "usec"));
      }
    });
    return out;
  }

  static long field(String stats, String name) {
    for (String part : stats.split(",")) {
      if (part.startsWith(name + "=")) {
        return Long.parseLong(part.substring(name.length() + 1));
      }
    }
    return 0;
  }

  static long delta(Map<String, Long> before, Map<String, Long> after, String cmd) {
    return after.getOrDefault(cmd, 0L) - before.getOrDefault(cmd, 0L);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "n/a";
    }
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
