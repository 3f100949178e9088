package io.switchboard.bench;

import ch.qos.logback.classic.Level;
import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.RedisAcd;
import io.switchboard.config.RecordsConfig;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.records.CpuPriority;
import io.switchboard.records.Database;
import io.switchboard.records.EmbeddedDatabase;
import io.switchboard.records.EventStream;
import io.switchboard.records.PgEventStore;
import io.switchboard.records.RecordsPipeline;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Event ingestion into PostgreSQL with the interaction projection on: how fast one node's records pipeline drains a
 * burst of events of realistic calls, and whether it keeps up while the ACD produces them.
 *
 * <p>Run from the repository root (docs/benchmarks.md, "Ingestion"): write the test class path with
 * {@code mvn -B -q -pl server -am test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=$PWD/server/target/bench.cp}, then {@code java -cp
 * server/target/test-classes:server/target/classes:$(cat server/target/bench.cp)
 * io.switchboard.bench.IngestionBenchmark [events lanes batchSize]} (defaults 100000, 400, and records.batch-size
 * from the reference settings).
 *
 * <p>An embedded Redis and an embedded PostgreSQL (the node's defaults). The events are made by the real ACD
 * (RedisAcd and its Lua scripts): {@code lanes} queues of one agent each, every lane handling calls one after the
 * other, all lanes at once. Nine calls in ten are answered (enqueue → offer, accept, hold, resume, agent hangs up,
 * wrap-up done with a disposition: 8 events with the agent's return to available), one in ten is abandoned while
 * ringing (4 events). Two phases:
 * <ol>
 *   <li><b>burst</b>: {@code events} events are written with no pipeline running; then one pipeline starts and the
 *       time until every event is stored, acknowledged and projected (lag 0) is measured.
 *   <li><b>live</b>: as many events again while the pipeline runs; the ACD's production rate, the lag when the
 *       production ends and the time from then to lag 0.
 * </ol>
 * The interactions table is checked to hold one row per call at the end of each phase.
 */
public final class IngestionBenchmark {
  static final String T = "bench";

  private final RedisAcd acd;
  private final int lanes;
  private final AtomicInteger callSeq = new AtomicInteger();

  IngestionBenchmark(RedisAcd acd, int lanes) {
    this.acd = acd;
    this.lanes = lanes;
  }

  /**
   * Heap bytes allocated so far by the live thread named {@code name} (HotSpot's per-thread counter): what drives the
   * young collections, which stop the node's event loops too; independent of the machine's load. -1 if not found.
   */
  static long allocatedBytes(String name) {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return threads.getThreadAllocatedBytes(t.getId());
      }
    }
    return -1;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int lanes = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    String batchSize = args.length > 2 ? args[2] : Settings.reference().string("records.batch-size");
    System.out.println(BenchMachine.describe() + ", batch size " + batchSize + ", lanes " + lanes);

    Path pgDir = Files.createTempDirectory("ingestion-bench-pg");
    EmbeddedRedis server = EmbeddedRedis.start(0);
    EmbeddedDatabase pg = EmbeddedDatabase.start(pgDir, 0);
    Vertx vertx = Vertx.vertx();
    RedisConnections redis = RedisConnections.connect(server.uri(), Duration.ofSeconds(30));
    RecordsConfig config = SwitchboardConfig.from(Settings.of(Map.of("database.url", pg.jdbcUrl(),
        "records.batch-size", batchSize, "records.poll-interval-ms", "20",
        "media.bind-host", "127.0.0.1", "sip.host", "127.0.0.1"))).records();
    Database db = Database.open(config, pgDir);
    RecordsPipeline pipeline = null;
    try {
      RedisAcd acd = new RedisAcd(vertx, redis, AcdOptions.defaults("bench-node"), Clock.systemUTC());
      IngestionBenchmark bench = new IngestionBenchmark(acd, lanes);
      bench.directory(redis);
      long setup = redis.commands().xlen(Keys.events(T)).toCompletableFuture().get();  // the agents' first states

      long t0 = System.nanoTime();
      Produced burst = bench.produce(events);
      double produceSeconds = (System.nanoTime() - t0) / 1e9;
      long backlog = redis.commands().xlen(Keys.events(T)).toCompletableFuture().get();
      System.out.printf("burst: %d events of %d calls written by the ACD in %.1f s (no pipeline running)%n",
          backlog, burst.calls(), produceSeconds);
      if (backlog - setup != burst.events()) {
        throw new IllegalStateException("expected " + burst.events() + " events in the stream, found " + backlog);
      }

      pipeline = new RecordsPipeline(new EventStream(
          redis.bulkCommands(CpuPriority.lowering(config.cpuNice(), "records-redis-client")), "bench-node"),
          new PgEventStore(db.dataSource()), config, Clock.systemUTC());
      long start = System.nanoTime();
      pipeline.start();
      awaitRecorded(pipeline, backlog);
      double drain = (System.nanoTime() - start) / 1e9;
      System.out.printf("burst: %d events stored and projected in %.2f s = %.0f events/s; interactions %d%n",
          backlog, drain, backlog / drain, count(db, "interactions"));
      System.out.printf("burst: the pipeline's thread allocated %.1f KB per event (the Redis client's I/O thread and "
          + "PostgreSQL not counted)%n", allocatedBytes("records-pipeline") / 1024.0 / backlog);

      long before = pipeline.recorded();
      t0 = System.nanoTime();
      Produced live = bench.produce(events);
      double liveProduce = (System.nanoTime() - t0) / 1e9;
      long produced = live.events();  // the stream is trimmed as the pipeline goes: counted from the calls made
      long lagAtEnd = produced - (pipeline.recorded() - before);
      long end = System.nanoTime();
      awaitRecorded(pipeline, before + produced);
      double catchUp = (System.nanoTime() - end) / 1e9;
      System.out.printf("live: %d events of %d calls produced in %.1f s (%.0f events/s) while ingesting; lag at the "
          + "end %d events; lag 0 after %.2f s more; interactions %d%n",
          produced, live.calls(), liveProduce, produced / liveProduce, lagAtEnd, catchUp, count(db, "interactions"));
      System.out.println(BenchMachine.describe());
    } finally {
      if (pipeline != null) {
        pipeline.stop();
      }
      db.close();
      pg.close();
      redis.close();
      vertx.close().await();
      server.close();
    }
  }

  private static void awaitRecorded(RecordsPipeline p, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (p.recorded() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("recorded " + p.recorded() + " of " + expected + " in 10 minutes");
      }
      Thread.sleep(5);
    }
  }

  private static long count(Database db, String table) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Queue q<i> with agent a<i> only, wrap-up 30 s; every agent available. */
  void directory(RedisConnections redis) throws Exception {
    redis.commands().sadd(Keys.TENANTS, T).toCompletableFuture().get();
    for (int i = 0; i < lanes; i++) {
      JsonObject q = new JsonObject().put("id", "q" + i).put("name", "q" + i).put("version", 1).put("wrapUpSeconds", 30);
      redis.commands().set(Keys.directory(T, "queue", "q" + i), q.encode()).toCompletableFuture().get();
      JsonObject a = new JsonObject().put("id", "a" + i).put("username", "a" + i).put("displayName", "a" + i)
          .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
          .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("q" + i))
          .put("enabled", true).put("version", 1);
      redis.commands().set(Keys.directory(T, "agent", "a" + i), a.encode()).toCompletableFuture().get();
      acd.setState(T, "a" + i, AgentState.AVAILABLE, null, "bench-node").await();
    }
  }

  /** Calls made by one phase and the events the ACD wrote for them. */
  record Produced(int calls, long events) {}

  /** Calls on every lane at once until about {@code events} events are written. */
  Produced produce(int events) {
    int calls = (int) Math.ceil(events / 7.6);
    int perLane = (calls + lanes - 1) / lanes;
    List<Future<Void>> runs = new ArrayList<>();
    AtomicInteger made = new AtomicInteger();
    AtomicInteger abandoned = new AtomicInteger();
    for (int i = 0; i < lanes; i++) {
      String queue = "q" + i;
      String agent = "a" + i;
      Future<Void> f = Future.succeededFuture();
      for (int n = 0; n < perLane; n++) {
        f = f.compose(v -> call(queue, agent, made, abandoned));
      }
      runs.add(f);
    }
    Future.all(runs).await();
    return new Produced(made.get(), (made.get() - abandoned.get()) * 8L + abandoned.get() * 4L);
  }

  private Future<Void> call(String queue, String agent, AtomicInteger made, AtomicInteger abandoned) {
    int n = callSeq.incrementAndGet();
    made.incrementAndGet();
    String id = "bench-" + n;
    Future<Void> offered = acd.enqueue(T, new CallSpec(id, queue, null, Map.of(), "en", "+1555" + (1_000_000 + n),
        null, null, "bench-node")).mapEmpty();
    if (n % 10 == 0) {
      abandoned.incrementAndGet();
      return offered.compose(v -> acd.callerHangup(T, id));
    }
    return offered.compose(v -> acd.accept(T, agent, id))
        .compose(v -> acd.setCallFlag(T, agent, id, Acd.CallFlag.HELD, true))
        .compose(v -> acd.setCallFlag(T, agent, id, Acd.CallFlag.HELD, false))
        .compose(v -> acd.hangup(T, agent, id))
        .compose(v -> acd.wrapUpDone(T, agent, id, "resolved", "bench call " + n));
  }
}
