package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.AgentStatus;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.switchboard.acd.RedisAcd;
import io.switchboard.acd.WaitEstimate;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.slf4j.LoggerFactory;

/**
 * How accurate the wait estimate is: a simulated day on the real ACD (embedded Redis, the real Lua scripts, a
 * {@link TestClock} moved from event to event), where each caller who has to wait is given the estimate the node
 * would announce at arrival ({@code Acd.waitEstimate} → {@link WaitEstimate}), and that is compared with the wait
 * that really followed.
 *
 * <p>Run: {@code mvn -B -o -q -pl server -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.switchboard.bench.WaitEstimateBenchmark [-Dexec.args="seed days"]} (defaults 1 1).
 *
 * <p>The day (08:00-20:00, one queue): arrivals are a Poisson process whose rate changes every hour
 * ({@link #CALLS_PER_HOUR}, a morning and an afternoon peak); talk times are log-normal (median 200 s, σ 0.6 of the
 * log: mean ≈ 240 s, a long tail), wrap-up uniform 10-40 s; agents work in three overlapping shifts
 * ({@link #SHIFTS}; the last stays an hour past the last arrival to answer who still waits), each agent answering at once when offered (no ring time) and going offline at its shift's end
 * once its call and wrap-up are over. Callers never hang up (a caller who abandons has no "true" wait to compare).
 * The ACD starts empty, so the estimator starts on its default handle time (180 s) and learns the day's.
 *
 * <p>Reported over the callers who waited (those answered at once are never told an estimate): the median absolute
 * percentage error |estimate − wait| / wait (target: within 30 %), the mean absolute error in seconds, and the same
 * for the old announcement (position × 60 s) for comparison.
 */
public final class WaitEstimateBenchmark {
  static final String T = "bench";
  static final String Q = "support";
  /** Arrivals per hour from 08:00 to 20:00. */
  static final int[] CALLS_PER_HOUR = {60, 110, 160, 190, 170, 130, 120, 160, 180, 140, 90, 50};
  /** Shifts: {start hour, end hour, agents}. */
  static final int[][] SHIFTS = {{8, 16, 10}, {10, 18, 5}, {12, 21, 7}};
  static final long DAY_START = Instant.parse("2026-12-07T08:00:00Z").toEpochMilli();

  private enum Kind { ARRIVAL, SHIFT_START, SHIFT_END, TALK_END, WRAP_END }

  private record Event(long at, long seq, Kind kind, String agent, String call) {}

  private enum Phase { OFF, IDLE, TALK, WRAP }

  private final RedisAcd acd;
  private final TestClock clock;
  private final Random rnd;
  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<String, Phase> phase = new HashMap<>();
  private final Map<String, Boolean> leaving = new HashMap<>();
  private final Map<String, Long> arrivedAt = new HashMap<>();
  private final Map<String, long[]> estimates = new HashMap<>();  // call -> {new estimate s, old estimate s}
  private final List<double[]> waited = new ArrayList<>();       // {actual s, new estimate s, old estimate s}
  private long seq;
  private int calls;
  private int answeredAtOnce;

  WaitEstimateBenchmark(RedisAcd acd, TestClock clock, long seed) {
    this.acd = acd;
    this.clock = clock;
    this.rnd = new Random(seed);
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    EmbeddedRedis server = EmbeddedRedis.start(0);
    Vertx vertx = Vertx.vertx();
    RedisConnections redis = RedisConnections.connect(server.uri(), Duration.ofSeconds(30));
    try {
      System.out.println(BenchMachine.describe());
      List<double[]> all = new ArrayList<>();
      for (int d = 0; d < days; d++) {
        redis.commands().flushall().toCompletableFuture().join();
        TestClock clock = new TestClock(DAY_START);
        RedisAcd acd = new RedisAcd(vertx, redis, AcdOptions.defaults("bench-node"), clock);
        directory(redis);
        WaitEstimateBenchmark day = new WaitEstimateBenchmark(acd, clock, seed + d);
        long t0 = System.nanoTime();
        day.run();
        System.out.printf("day %d (seed %d): %d calls, %d answered at once, %d waited; simulated in %.1f s%n",
            d + 1, seed + d, day.calls, day.answeredAtOnce, day.waited.size(), (System.nanoTime() - t0) / 1e9);
        report("  ", day.waited);
        all.addAll(day.waited);
      }
      if (days > 1) {
        report("all days: ", all);
      }
    } finally {
      redis.close();
      vertx.close().await();
      server.close();
    }
  }

  /** One queue (no wrap-up timeout before ours), agents of the three shifts. */
  static void directory(RedisConnections redis) {
    JsonObject queue = new JsonObject().put("id", Q).put("name", Q).put("wrapUpSeconds", 3600)
        .put("noAnswerSeconds", 300).put("version", 1);
    redis.commands().set(Keys.directory(T, "queue", Q), queue.encode()).toCompletableFuture().join();
    for (String a : agents()) {
      JsonObject doc = new JsonObject().put("id", a).put("username", a).put("roles", new JsonArray().add("agent"))
          .put("skills", new JsonObject()).put("languages", new JsonArray().add("en"))
          .put("queues", new JsonArray().add(Q)).put("enabled", true).put("version", 1);
      redis.commands().set(Keys.directory(T, "agent", a), doc.encode()).toCompletableFuture().join();
    }
  }

  static List<String> agents() {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < SHIFTS.length; s++) {
      for (int i = 0; i < SHIFTS[s][2]; i++) {
        out.add("s" + s + "-a" + i);
      }
    }
    return out;
  }

  void run() {
    for (int s = 0; s < SHIFTS.length; s++) {
      for (int i = 0; i < SHIFTS[s][2]; i++) {
        String a = "s" + s + "-a" + i;
        phase.put(a, Phase.OFF);
        leaving.put(a, false);
        at(DAY_START + SHIFTS[s][0] * 3_600_000L - 8 * 3_600_000L, Kind.SHIFT_START, a, null);
        at(DAY_START + SHIFTS[s][1] * 3_600_000L - 8 * 3_600_000L, Kind.SHIFT_END, a, null);
      }
    }
    long t = DAY_START;
    for (int h = 0; h < CALLS_PER_HOUR.length; h++) {
      long end = DAY_START + (h + 1) * 3_600_000L;
      double meanGapMs = 3_600_000.0 / CALLS_PER_HOUR[h];
      while (true) {
        t += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapMs);
        if (t >= end) {
          t = end;
          break;
        }
        at(t, Kind.ARRIVAL, null, "c" + (calls++));
      }
    }
    while (!events.isEmpty()) {
      Event e = events.poll();
      clock.setMillis(e.at);
      switch (e.kind) {
        case ARRIVAL -> arrival(e.call);
        case SHIFT_START -> offered(e.agent, acd.setState(T, e.agent, AgentState.AVAILABLE, null, "bench-node")
            .await());
        case SHIFT_END -> shiftEnd(e.agent);
        case TALK_END -> talkEnd(e.agent, e.call);
        case WRAP_END -> wrapEnd(e.agent, e.call);
      }
    }
  }

  private void at(long when, Kind kind, String agent, String call) {
    events.add(new Event(when, seq++, kind, agent, call));
  }

  private void arrival(String call) {
    arrivedAt.put(call, clock.millis());
    Enqueued e = acd.enqueue(T, new CallSpec(call, Q, null, Map.of(), null, "+1555" + call, null, null, "bench-node"))
        .await();
    if (e.reservedAgent() != null) {
      answeredAtOnce++;
      reserved(e.reservedAgent(), call);
      return;
    }
    WaitEstimate w = acd.waitEstimate(T, Q, call).await();  // what the node announces at arrival
    estimates.put(call, new long[] {w.seconds(), w.position() * 60L});
  }

  private void shiftEnd(String a) {
    if (phase.get(a) == Phase.IDLE) {
      acd.setState(T, a, AgentState.OFFLINE, null, "bench-node").await();
      phase.put(a, Phase.OFF);
    } else if (phase.get(a) == Phase.WRAP) {
      acd.setState(T, a, AgentState.OFFLINE, null, "bench-node").await();  // pending: offline when wrap-up ends
      leaving.put(a, true);
    } else {
      leaving.put(a, true);  // on a call: set offline when the talk ends
    }
  }

  private void talkEnd(String a, String call) {
    acd.hangup(T, a, call).await();
    phase.put(a, Phase.WRAP);
    if (leaving.get(a)) {
      acd.setState(T, a, AgentState.OFFLINE, null, "bench-node").await();
    }
    at(clock.millis() + 10_000 + rnd.nextInt(30_001), Kind.WRAP_END, a, call);
  }

  private void wrapEnd(String a, String call) {
    acd.wrapUpDone(T, a, call, "done", "").await();
    if (leaving.get(a)) {
      phase.put(a, Phase.OFF);
      return;
    }
    phase.put(a, Phase.IDLE);
    offered(a, acd.agent(T, a).await());
  }

  /** After an operation that may route to agent a: if it is now reserved, it answers at once. */
  private void offered(String a, AgentStatus s) {
    if (phase.get(a) == Phase.OFF) {
      phase.put(a, Phase.IDLE);
    }
    if (s.state() == AgentState.RESERVED && s.callId() != null) {
      reserved(a, s.callId());
    }
  }

  private void reserved(String a, String call) {
    acd.accept(T, a, call).await();
    phase.put(a, Phase.TALK);
    long[] est = estimates.remove(call);
    if (est != null) {
      double actual = (clock.millis() - arrivedAt.get(call)) / 1000.0;
      waited.add(new double[] {actual, est[0], est[1]});
    }
    long talkMs = Math.round(Math.exp(Math.log(200) + 0.6 * rnd.nextGaussian()) * 1000);
    at(clock.millis() + Math.max(5_000, talkMs), Kind.TALK_END, a, call);
  }

  /** Median APE and MAE of the estimates (column 1: live estimate; 2: position × 60 s) against the waits. */
  static void report(String prefix, List<double[]> rows) {
    for (int col = 1; col <= 2; col++) {
      List<Double> ape = new ArrayList<>();
      double abs = 0;
      for (double[] r : rows) {
        double err = Math.abs(r[col] - r[0]);
        abs += err;
        if (r[0] >= 1) {
          ape.add(err / r[0]);
        }
      }
      ape.sort(null);
      double median = ape.isEmpty() ? Double.NaN : ape.get(ape.size() / 2);
      double p90 = ape.isEmpty() ? Double.NaN : ape.get((int) (ape.size() * 0.9));
      double meanWait = rows.stream().mapToDouble(r -> r[0]).average().orElse(Double.NaN);
      final int c = col;
      List<Double> ratio = new ArrayList<>(rows.stream().filter(r -> r[0] >= 1).map(r -> r[c] / r[0]).toList());
      ratio.sort(null);
      double bias = rows.stream().mapToDouble(r -> r[c] - r[0]).average().orElse(Double.NaN);
      System.out.printf("%s%s: median APE %.1f %%, p90 APE %.1f %%, MAE %.1f s, mean error %+.1f s, median "
              + "estimate/wait %.2f (mean wait %.1f s, n=%d)%n", prefix,
          col == 1 ? "live estimate (position x handle / staffed)" : "old estimate (position x 60 s)",
          median * 100, p90 * 100, abs / rows.size(), bias, ratio.isEmpty() ? Double.NaN : ratio.get(ratio.size() / 2),
          meanWait, rows.size());
    }
  }
}
