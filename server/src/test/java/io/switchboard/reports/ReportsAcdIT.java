package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.RedisAcd;
import io.switchboard.config.RecordsConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.records.Database;
import io.switchboard.records.EventStream;
import io.switchboard.records.PgEventStore;
import io.switchboard.records.RecordsPipeline;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real ACD operations (RedisAcd on a real Redis, with a clock the test moves), recorded by the real pipeline into a
 * real PostgreSQL (events, then interactions, legs and the agent_hours roll-up in the same transactions): the report
 * sums of the queue and of each agent equal the figures worked out by hand, by hour (roll-up) and by quarter hour
 * (state history read from the events).
 */
class ReportsAcdIT {
  static final String T = "acdrep";
  static final String NODE = "reports-acd-it";
  static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
  static final TestClock CLOCK = new TestClock(T0 - 60_000);
  static Database db;
  static Vertx vertx;
  static RedisConnections redis;
  static RecordsPipeline pipeline;
  static RedisAcd acd;


  @BeforeAll
  static void run() throws Exception {
    RecordsConfig config = SwitchboardConfig.from(TestNodes.settings(Map.of(
        "database.url", TestPostgres.newDatabase("reports_acd_it"), "records.poll-interval-ms", "20"))).records();
    db = Database.open(config, Path.of("unused"));
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    redis.commands().del(Keys.events(T)).get(5, TimeUnit.SECONDS);
    redis.commands().sadd(Keys.TENANTS, T).get(5, TimeUnit.SECONDS);
    JsonObject queue = new JsonObject().put("id", "support").put("name", "support").put("version", 1)
        .put("wrapUpSeconds", 30).put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", 20));
    redis.commands().set(Keys.directory(T, "queue", "support"), queue.encode()).get(5, TimeUnit.SECONDS);
    redis.commands().zadd(Keys.directoryIndex(T, "queue"), 0, "support").get(5, TimeUnit.SECONDS);
    for (String a : List.of("a1", "a2")) {
      JsonObject doc = new JsonObject().put("id", a).put("username", a).put("displayName", a)
          .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
          .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add("support"))
          .put("enabled", true).put("version", 1);
      redis.commands().set(Keys.directory(T, "agent", a), doc.encode()).get(5, TimeUnit.SECONDS);
    }
    acd = new RedisAcd(vertx, redis, AcdOptions.defaults(NODE), CLOCK);
    pipeline = new RecordsPipeline(new EventStream(redis.commands(), NODE), new PgEventStore(db.dataSource()),
        config, Clock.systemUTC());
    pipeline.start();
    scenario();
    long streamed = redis.commands().xlen(Keys.events(T)).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stored()).isEqualTo(streamed));
  }

  static long stored() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events WHERE tenant = '" + T + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @AfterAll
  static void close() {
    if (pipeline != null) {
      pipeline.stop();
    }
    redis.close();
    vertx.close().await();
    db.close();
  }

  static void at(long offsetMs) {
    CLOCK.setMillis(T0 + offsetMs);
  }

  static CallSpec call(String id) {
    return new CallSpec(id, "support", 5, Map.of(), "en", "+1555" + id, null, null, NODE);
  }

  /**
   * a2 and a1 log in at 09:59 (a2 first: it is idle longest). c1: a2 answers after 3 s, holds 5 s, hangs up at 63 s,
   * wraps up 10 s. c2: a1 answers after 25 s (beyond 20 s), talks 40 s, wraps up 5 s. c3: a2 rejects it after 2 s
   * (a2 goes away), a1 gets it and the caller hangs up at 3 s (a short abandon). a1 takes a break; c4: nobody is
   * available, the caller hangs up after 10 s (abandoned). The report's "now" is 10:06:40.
   */
  static void scenario() {
    at(-60_000);
    acd.setState(T, "a2", AgentState.AVAILABLE, null, NODE).await();
    at(-59_000);
    acd.setState(T, "a1", AgentState.AVAILABLE, null, NODE).await();
    at(0);
    assertThat(acd.enqueue(T, call("c1")).await().reservedAgent()).isEqualTo("a2");
    at(3_000);
    acd.accept(T, "a2", "c1").await();
    at(13_000);
    acd.setCallFlag(T, "a2", "c1", Acd.CallFlag.HELD, true).await();
    at(18_000);
    acd.setCallFlag(T, "a2", "c1", Acd.CallFlag.HELD, false).await();
    at(63_000);
    acd.hangup(T, "a2", "c1").await();
    at(73_000);
    acd.wrapUpDone(T, "a2", "c1", "sold", "").await();

    at(100_000);
    assertThat(acd.enqueue(T, call("c2")).await().reservedAgent()).isEqualTo("a1");
    at(125_000);
    acd.accept(T, "a1", "c2").await();
    at(165_000);
    acd.hangup(T, "a1", "c2").await();
    at(170_000);
    acd.wrapUpDone(T, "a1", "c2", "info", "").await();

    at(200_000);
    assertThat(acd.enqueue(T, call("c3")).await().reservedAgent()).isEqualTo("a2");
    at(202_000);
    acd.reject(T, "a2", "c3").await();  // back to the queue: offered to a1 at once
    at(203_000);
    acd.callerHangup(T, "c3").await();

    at(250_000);
    acd.setState(T, "a1", AgentState.AWAY, "break", NODE).await();
    at(300_000);
    assertThat(acd.enqueue(T, call("c4")).await().reservedAgent()).isNull();
    at(310_000);
    acd.callerHangup(T, "c4").await();
    at(400_000);
  }

  static final Instant FROM = Instant.ofEpochMilli(T0);
  static final Instant TO = Instant.ofEpochMilli(T0 + 3_600_000);

  static ReportRange range(Interval interval) {
    return ReportRange.of(FROM, TO, interval, ZoneOffset.UTC, 1000);
  }

  @Test
  void theQueueFiguresAreTheHandComputedOnes() {
    ReportStore.Table<QueueSums> t = new PgReportStore(db.dataSource())
        .queues(T, range(Interval.HOUR), Map.of("support", 20), 5000);
    // offered 4; answered c1 (wait 3 s) and c2 (25 s): 1 within 20 s; c4 abandoned after 10 s; c3 short (3 s).
    // SL 1 / (2 + 1); abandon 1 / (4 - 1); ASA 28 / 2; talk (55 + 40) / 2, hold 5 / 2, wrap (10 + 5) / 2,
    // AHT (70 + 45) / 2; longest 25 s (c2; c3's 3 s is a short abandon); 2 calls by 2 agents.
    JsonObject expected = new JsonObject().put("offered", 4L).put("answered", 2L).put("abandoned", 1L)
        .put("shortAbandoned", 1L).put("answeredInServiceLevel", 1L).put("serviceLevelSeconds", 20)
        .put("serviceLevelPercent", 33.33).put("abandonPercent", 33.33).put("asaSeconds", 14.0)
        .put("ahtSeconds", 57.5).put("avgTalkSeconds", 47.5).put("avgHoldSeconds", 2.5).put("avgWrapSeconds", 7.5)
        .put("longestWaitSeconds", 25.0).put("transfers", 0L).put("callsPerAgent", 1.0);
    assertThat(Figures.queue(t.totals().get("support"), 20).encode()).isEqualTo(expected.encode());
    assertThat(Figures.queue(t.rows().get("support").get(0), 20).encode()).isEqualTo(expected.encode());
  }

  @Test
  void theAgentFiguresAreTheHandComputedOnesFromTheRollUpAndFromTheHistory() {
    // a2: reserved 3 s, on a call 60 s, wrap-up 10 s, available 127 s, reserved 2 s (c3), away 198 s (rejected):
    //   busy 70 of 202 ready; offers c1 (answered: talk 55, hold 5, wrap 10) and c3 (rejected)
    JsonObject a2 = agent(2, 1, 1, 0, 70.0, 55.0, 5.0, 10.0, 34.65);
    // a1: available 100 s, reserved 25 s, on a call 40 s, wrap-up 5 s, available 32 s, reserved 1 s (c3, withdrawn
    //   when its caller hung up), available 47 s, away 150 s (break): busy 45 of 250 ready; offers c2 and c3
    JsonObject a1 = agent(2, 1, 0, 0, 45.0, 40.0, 0.0, 5.0, 18.0);
    Instant now = Instant.ofEpochMilli(T0 + 400_000);
    for (Interval interval : new Interval[] {Interval.HOUR, Interval.QUARTER_HOUR}) {
      ReportStore.Table<AgentSums> t = new PgReportStore(db.dataSource())
          .agents(T, range(interval), List.of("a1", "a2"), now);
      assertThat(Figures.agent(t.totals().get("a1")).encode()).as(interval.wire()).isEqualTo(a1.encode());
      assertThat(Figures.agent(t.totals().get("a2")).encode()).as(interval.wire()).isEqualTo(a2.encode());
    }
  }

  static JsonObject agent(long offered, long answered, long rejected, long missed, Double aht, Double talk,
      Double hold, Double wrap, Double occupancy) {
    return new JsonObject().put("offered", offered).put("answered", answered).put("rejected", rejected)
        .put("missed", missed).put("transfers", 0L).put("ahtSeconds", aht).put("avgTalkSeconds", talk)
        .put("avgHoldSeconds", hold).put("avgWrapSeconds", wrap).put("staffedSeconds", 400.0)
        .put("occupancyPercent", occupancy).put("callsPerDay", 1.0);
  }
}
