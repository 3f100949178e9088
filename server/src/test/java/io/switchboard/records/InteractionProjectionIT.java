package io.switchboard.records;

import static io.switchboard.records.RecordsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.switchboard.acd.Acd;
import io.switchboard.acd.AcdOptions;
import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallSpec;
import io.switchboard.acd.RedisAcd;
import io.switchboard.records.Interaction.Leg;
import io.switchboard.records.InteractionQueries.StateInterval;
import io.switchboard.redis.Keys;
import io.switchboard.redis.RedisConnections;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestPostgres;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real ACD operations (RedisAcd on a real Redis, with a clock the test moves) whose event stream is stored in a real
 * PostgreSQL through {@link PgEventStore}, in small batches in reverse order and then all again: the interaction
 * rows, their legs and the agents' state history are exactly the hand-computed ones.
 */
class InteractionProjectionIT {
  static final String T = "proj";
  static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
  static final long T1 = T0 + 100_000;
  static final long T2 = T0 + 200_000;
  static final long T3 = T0 + 300_000;
  static final long T4 = T0 + 400_000;

  static Database db;
  static Vertx vertx;
  static RedisConnections redis;
  static final TestClock CLOCK = new TestClock(T0 - 60_000);
  static RedisAcd acd;
  static PgInteractionQueries queries;


  @BeforeAll
  static void run() throws Exception {
    db = Database.open(RecordsFixture.config(Map.of("database.url", TestPostgres.newDatabase("projection_it"))),
        Path.of("unused"));
    queries = new PgInteractionQueries(db.dataSource());
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = TestRedis.connect();
    acd = new RedisAcd(vertx, redis, AcdOptions.defaults("proj-it"), CLOCK);
    queue("support");
    queue("billing");
    agent("a1", "support");
    agent("a2", "support");
    agent("a3", "billing");
    for (String a : List.of("a1", "a2", "a3")) {
      acd.setState(T, a, AgentState.AVAILABLE, null, "proj-it").await();
    }
    acd.setState(T, "a2", AgentState.AWAY, "break", "proj-it").await();
    scenarios();
    storeShuffled();
  }

  static void queue(String id) {
    JsonObject q = new JsonObject().put("id", id).put("name", id).put("version", 1).put("wrapUpSeconds", 30);
    await(redis.commands().set(Keys.directory(T, "queue", id), q.encode()));
    await(redis.commands().zadd(Keys.directoryIndex(T, "queue"), 0, id));
  }

  static void agent(String id, String queue) {
    JsonObject doc = new JsonObject().put("id", id).put("username", id).put("displayName", id)
        .put("roles", new JsonArray().add("agent")).put("skills", new JsonObject())
        .put("languages", new JsonArray().add("en")).put("queues", new JsonArray().add(queue))
        .put("enabled", true).put("version", 1);
    await(redis.commands().set(Keys.directory(T, "agent", id), doc.encode()));
  }

  static void at(long millis) {
    CLOCK.setMillis(millis);
  }

  static CallSpec call(String id, String caller, String node) {
    return new CallSpec(id, "support", 7, Map.of(), "en", caller, null, null, node);
  }

  /** The calls, step by step (a2 is away, a3 takes only billing). */
  static void scenarios() {
    // c1: answered by a1 after 3 s, one hold of 5 s, agent hangs up after 60 s, wraps up for 10 s
    at(T0);
    assertThat(acd.enqueue(T, call("c1", "+15550001", "n1")).await().reservedAgent()).isEqualTo("a1");
    at(T0 + 3000);
    acd.accept(T, "a1", "c1").await();
    at(T0 + 13_000);
    acd.setCallFlag(T, "a1", "c1", Acd.CallFlag.HELD, true).await();
    at(T0 + 18_000);
    acd.setCallFlag(T, "a1", "c1", Acd.CallFlag.HELD, false).await();
    at(T0 + 63_000);
    acd.hangup(T, "a1", "c1").await();
    at(T0 + 73_000);
    acd.wrapUpDone(T, "a1", "c1", "sold", "call back").await();

    // c2: a2 (back) rejects; a1 answers, transfers to billing where a3 answers; the caller hangs up
    at(T1);
    acd.setState(T, "a1", AgentState.AWAY, "lunch", "proj-it").await();
    acd.setState(T, "a2", AgentState.AVAILABLE, null, "proj-it").await();
    assertThat(acd.enqueue(T, call("c2", "+15550002", "n1")).await().reservedAgent()).isEqualTo("a2");
    at(T1 + 2000);
    acd.reject(T, "a2", "c2").await();
    at(T1 + 4000);
    acd.setState(T, "a1", AgentState.AVAILABLE, null, "proj-it").await();
    at(T1 + 5000);
    acd.accept(T, "a1", "c2").await();
    at(T1 + 15_000);
    acd.transfer(T, "a1", "c2", "billing", null).await();
    at(T1 + 17_000);
    acd.accept(T, "a3", "c2").await();
    at(T1 + 20_000);
    acd.wrapUpDone(T, "a1", "c2", "transferred", "").await();
    at(T1 + 47_000);
    acd.callerHangup(T, "c2").await();
    at(T1 + 50_000);
    acd.wrapUpDone(T, "a3", "c2", "resolved", "refund sent").await();

    // c3: offered to a1, who does not answer in 20 s (missed); the caller leaves at 25 s (abandoned)
    at(T2);
    assertThat(acd.enqueue(T, call("c3", "+15550003", "n1")).await().reservedAgent()).isEqualTo("a1");
    at(T2 + 21_000);
    acd.sweep(T).await();
    at(T2 + 25_000);
    acd.callerHangup(T, "c3").await();

    // c4: waiting on node n9, which dies 10 s later (lost); c5: still waiting (open)
    at(T3);
    assertThat(acd.enqueue(T, call("c4", "+15550004", "n9")).await().reservedAgent()).isNull();
    at(T3 + 10_000);
    acd.nodeLost(T, "n9").await();
    at(T4);
    assertThat(acd.enqueue(T, call("c5", "+15550005", "n1")).await().reservedAgent()).isNull();
  }

  /** The whole stream, stored in batches of 4 in reverse order, then all of it again (every event a duplicate). */
  static void storeShuffled() throws Exception {
    List<StreamEvent> all = new ArrayList<>();
    for (StreamMessage<String, String> m : await(redis.commands().xrange(Keys.events(T), Range.create("-", "+")))) {
      all.add(StreamEvent.of(T, m.getId(), m.getBody()));
    }
    List<List<StreamEvent>> batches = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 4) {
      batches.add(all.subList(i, Math.min(all.size(), i + 4)));
    }
    Collections.reverse(batches);
    PgEventStore store = new PgEventStore(db.dataSource());
    for (List<StreamEvent> b : batches) {
      store.store(b);
    }
    store.store(all);
  }

  @AfterAll
  static void close() {
    redis.close();
    vertx.close().await();
    db.close();
  }

  static Interaction row(String callId) throws Exception {
    return queries.get(T, callId).orElseThrow();
  }

  static Leg leg(int seq, String agent, String queue, long offered, String outcome, Long answered, Long ended,
      long talk, long hold, long wrap, boolean transferred) {
    return new Leg(seq, agent, queue, offered, outcome, answered, ended, talk, hold, wrap, transferred);
  }

  static List<String> kinds(Interaction i) {
    List<String> kinds = new ArrayList<>();
    new JsonArray(i.timeline()).forEach(o -> kinds.add(((JsonObject) o).getString("kind")));
    return kinds;
  }

  @Test
  void answeredWithHoldAndWrapUp() throws Exception {
    Interaction r = row("c1");
    assertThat(r).isEqualTo(new Interaction(T, "c1", "+15550001", "en", "support", "support", 7, null, T0, T0 + 3000,
        "a1", T0 + 63_000, "answered", "agent", 3000, 55_000, 5000, 1, 10_000, 0, 1, "sold", "call back",
        r.timeline(), List.of(leg(1, "a1", "support", T0, "answered", T0 + 3000, T0 + 63_000, 55_000, 5000, 10_000,
            false))));
    assertThat(kinds(r)).containsExactly("queued", "offered", "answered", "held", "resumed", "ended", "wrapup");
    JsonObject resumed = new JsonArray(r.timeline()).getJsonObject(4);
    assertThat(resumed.getString("at")).isEqualTo("2026-12-01T10:00:18Z");
    assertThat(resumed.getString("agent")).isEqualTo("a1");
    assertThat(resumed.getDouble("holdSeconds")).isEqualTo(5.0);
  }

  @Test
  void rejectedThenAnsweredThenTransferredToAQueue() throws Exception {
    Interaction r = row("c2");
    assertThat(r).isEqualTo(new Interaction(T, "c2", "+15550002", "en", "support", "billing", 7, null, T1, T1 + 5000,
        "a1", T1 + 47_000, "answered", "caller", 5000, 40_000, 0, 0, 3000, 1, 3, "resolved", "refund sent",
        r.timeline(), List.of(
            leg(1, "a2", "support", T1, "rejected", null, null, 0, 0, 0, false),
            leg(2, "a1", "support", T1 + 4000, "answered", T1 + 5000, T1 + 15_000, 10_000, 0, 5000, true),
            leg(3, "a3", "billing", T1 + 15_000, "answered", T1 + 17_000, T1 + 47_000, 30_000, 0, 3000, false))));
    assertThat(kinds(r)).containsExactly("queued", "offered", "rejected", "offered", "answered", "transferred",
        "offered", "answered", "wrapup", "ended", "wrapup");
  }

  @Test
  void missedThenAbandoned() throws Exception {
    Interaction r = row("c3");
    assertThat(r).isEqualTo(new Interaction(T, "c3", "+15550003", "en", "support", "support", 7, null, T2, null,
        null, T2 + 25_000, "abandoned", "caller", 25_000, 0, 0, 0, 0, 0, 1, null, null, r.timeline(),
        List.of(leg(1, "a1", "support", T2, "missed", null, null, 0, 0, 0, false))));
    assertThat(kinds(r)).containsExactly("queued", "offered", "missed", "abandoned");
  }

  @Test
  void lostWithItsNodeAndStillWaiting() throws Exception {
    Interaction lost = row("c4");
    assertThat(lost.outcome()).isEqualTo("lost");
    assertThat(lost.endedBy()).isEqualTo("node-lost");
    assertThat(lost.endedAt()).isEqualTo(T3 + 10_000);
    assertThat(lost.waitMs()).isEqualTo(10_000);
    assertThat(lost.legs()).isEmpty();
    Interaction open = row("c5");
    assertThat(open.outcome()).isEqualTo("open");
    assertThat(open.endedAt()).isNull();
    assertThat(open.offers()).isZero();
    assertThat(kinds(open)).containsExactly("queued");
  }

  @Test
  void theAgentsStateHistoryHasEveryIntervalIncludingThoseOfCallSteps() throws Exception {
    Instant to = Instant.ofEpochMilli(T1 + 30_000);
    List<StateInterval> a1 = queries.agentStates(T, "a1", Instant.ofEpochMilli(T0), to, Instant.ofEpochMilli(T4));
    assertThat(a1).containsExactly(
        new StateInterval("reserved", null, T0, T0 + 3000, false),
        new StateInterval("on-call", null, T0 + 3000, T0 + 63_000, false),
        new StateInterval("wrap-up", null, T0 + 63_000, T0 + 73_000, false),
        new StateInterval("available", null, T0 + 73_000, T1, false),
        new StateInterval("away", "lunch", T1, T1 + 4000, false),
        new StateInterval("reserved", null, T1 + 4000, T1 + 5000, false),
        new StateInterval("on-call", null, T1 + 5000, T1 + 15_000, false),
        new StateInterval("wrap-up", null, T1 + 15_000, T1 + 20_000, false),
        new StateInterval("available", null, T1 + 20_000, T1 + 30_000, true));
    List<StateInterval> a2 = queries.agentStates(T, "a2", Instant.ofEpochMilli(T1), Instant.ofEpochMilli(T2),
        Instant.ofEpochMilli(T4));
    assertThat(a2).containsExactly(
        new StateInterval("reserved", null, T1, T1 + 2000, false),
        new StateInterval("away", "rejected", T1 + 2000, T2, true));
  }
}
