package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.switchboard.redis.Keys;
import io.switchboard.support.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (own Vert.x, own Redis connections, different node ids and regions) share one Redis. 1,000 calls
 * are enqueued from both while 50 agents, homed on either node, answer, reject, hang up and finish wrap-up
 * through whichever node comes first, and sometimes ask to be available at the same moment from the other
 * node. Afterwards the event stream and the call hashes must show every call answered exactly once and no
 * agent ever holding two calls.
 */
class AcdRaceIT {
  static final String T = "race";
  static final int CALLS = 1000;
  static final int AGENTS = 50;

  AcdFixture a;
  AcdFixture b;
  final List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicInteger offers = new AtomicInteger();
  final AtomicInteger refusedAvailable = new AtomicInteger();
  final List<AcdSweeper> sweepers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    a = new AcdFixture("node-a", Clock.systemUTC(), new AcdOptions("node-a", 32, 64, 1_000_000));
    b = new AcdFixture("node-b", Clock.systemUTC(), new AcdOptions("node-b", 32, 64, 1_000_000));
    // sales needs a skill only eu agents have: us calls there reach an agent only when they widen, which
    // takes the sweepers every node runs
    a.queue(T, "support", new JsonObject().put("noAnswerSeconds", 60).put("wrapUpSeconds", 60));
    a.queue(T, "sales", new JsonObject().put("noAnswerSeconds", 60).put("wrapUpSeconds", 60)
        .put("strategy", "fewest-calls").put("requiredSkills", new JsonObject().put("sales", 1)));
    for (int i = 0; i < AGENTS; i++) {
      Map<String, Integer> skills = i % 2 == 0 ? Map.of("sales", 1 + i % 5) : Map.of();
      a.agentDoc(T, agentId(i), new JsonObject().put("skills", new JsonObject(Map.copyOf(skills)))
          .put("region", i % 2 == 0 ? "eu" : "us")
          .put("queues", new io.vertx.core.json.JsonArray().add("support").add("sales")));
    }
  }

  @AfterEach
  void tearDown() {
    sweepers.forEach(AcdSweeper::stop);
    a.close();
    b.close();
  }

  static String agentId(int i) {
    return "agent-" + i;
  }

  AcdFixture home(String agentId) {
    return Integer.parseInt(agentId.substring(6)) % 2 == 0 ? a : b;
  }

  AcdFixture any() {
    return ThreadLocalRandom.current().nextBoolean() ? a : b;
  }

  void unexpected(Throwable e) {
    unexpected.add(e);
  }

  /** Each node reacts to the messages published for the agents whose socket it holds, as a browser would. */
  void drive(AcdFixture node) {
    node.redis.pubSub().addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String raw) {
        JsonObject envelope = new JsonObject(raw);
        String agent = envelope.getString("agentId");
        JsonObject msg = envelope.getJsonObject("message");
        node.vertx.runOnContext(v -> react(agent, msg));
      }
    });
  }

  void react(String agent, JsonObject msg) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    switch (msg.getString("type")) {
      case "call.offered" -> {
        offers.incrementAndGet();
        String call = msg.getString("callId");
        if (rnd.nextInt(10) == 0) {
          // a second tab asks for "available" at the same moment: refused or harmless, never a second call
          any().acd.setState(T, agent, AgentState.AVAILABLE, null, home(agent).nodeId)
              .onFailure(e -> expectCode(e, "invalid-transition", refusedAvailable));
        }
        if (rnd.nextInt(20) == 0) {
          any().acd.reject(T, agent, call).onFailure(this::unexpected);
          return;
        }
        any().acd.accept(T, agent, call)
            .compose(x -> any().acd.hangup(T, agent, call))
            .compose(x -> any().acd.wrapUpDone(T, agent, call, "done", ""))
            .onFailure(this::unexpected);
      }
      case "agent.state" -> {
        if ("away".equals(msg.getString("state"))) { // after a reject: back to work
          any().acd.setState(T, agent, AgentState.AVAILABLE, null, home(agent).nodeId)
              .onFailure(e -> expectCode(e, "invalid-transition", refusedAvailable));
        }
      }
      default -> { }
    }
  }

  void expectCode(Throwable e, String code, AtomicInteger counter) {
    if (e instanceof AcdException ae && ae.code().equals(code)) {
      counter.incrementAndGet();
    } else {
      unexpected(e);
    }
  }

  @Test
  void everyCallIsAnsweredExactlyOnceAndNoAgentIsDoubleBooked() {
    drive(a);
    drive(b);
    AcdFixture.await(a.r().sadd(Keys.TENANTS, T));
    for (AcdFixture node : List.of(a, b)) {
      sweepers.add(new AcdSweeper(node.vertx, node.acd, node.redis, 100));
    }
    sweepers.forEach(AcdSweeper::start);
    List<Future<?>> started = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      String agent = agentId(i);
      started.add(any().acd.setState(T, agent, AgentState.AVAILABLE, null, home(agent).nodeId));
    }
    AtomicInteger enqueued = new AtomicInteger();
    Thread[] producers = new Thread[2];
    for (int p = 0; p < 2; p++) {
      AcdFixture node = p == 0 ? a : b;
      int first = p * CALLS / 2;
      producers[p] = new Thread(() -> {
        for (int i = first; i < first + CALLS / 2; i++) {
          String queue = i % 3 == 0 ? "sales" : "support";
          node.acd.enqueue(T, new CallSpec("call-" + i, queue, i % 7 == 0 ? 80 : null, Map.of(), null,
                  "+1555" + i, null, node == a ? "eu" : "us", node.nodeId))
              .onSuccess(x -> enqueued.incrementAndGet())
              .onFailure(this::unexpected);
          if (i % 50 == 0) {
            Thread.yield();
          }
        }
      });
      producers[p].start();
    }
    Future.all(started).await();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .failFast(() -> assertThat(unexpected).as("agent operations that failed").isEmpty())
        .untilAsserted(() -> {
      assertThat(unexpected).isEmpty();
      TenantStats stats = a.acd.stats(T).await();
      long answered = stats.queues().stream().mapToLong(TenantStats.QueueStats::answered).sum();
      long waiting = stats.queues().stream().mapToLong(TenantStats.QueueStats::waiting).sum();
      assertThat(answered + "/" + waiting).isEqualTo(CALLS + "/0");
      assertThat(stats.agentsByState().get(AgentState.AVAILABLE)).isEqualTo(AGENTS);
    });
    assertThat(enqueued.get()).isEqualTo(CALLS);
    assertThat(unexpected).isEmpty();

    List<StreamMessage<String, String>> events = a.events(T);
    Map<String, Integer> accepted = new HashMap<>();
    Map<String, AgentTrack> agents = new HashMap<>();
    int reserved = 0;
    for (StreamMessage<String, String> m : events) {
      Map<String, String> e = m.getBody();
      String type = e.get("type");
      if (type.equals("call.accepted")) {
        accepted.merge(e.get("callId"), 1, Integer::sum);
      }
      if (type.equals("call.reserved")) {
        reserved++;
      }
      if (e.containsKey("agentId") && !type.equals("agent.state")) {
        agents.computeIfAbsent(e.get("agentId"), AgentTrack::new).step(type, e.get("callId"), m.getId());
      }
    }
    assertThat(accepted).hasSize(CALLS);
    assertThat(Set.copyOf(accepted.values())).containsExactly(1);
    assertThat(agents.values()).allSatisfy(t -> assertThat(t.expect).isEqualTo("call.reserved"));
    assertThat(agents.keySet()).hasSizeGreaterThan(AGENTS / 2); // the work was spread, not one agent's
    int reservations = reserved;
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(offers.get()).isEqualTo(reservations));
    Set<String> nodes = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < CALLS; i++) {
      Map<String, String> call = a.callHash(T, "call-" + i);
      assertThat(call).containsEntry("state", "ended").containsEntry("disposition", "done");
      assertThat(call.get("agent")).startsWith("agent-");
    }
    events.forEach(m -> nodes.add(m.getBody().get("node")));
    assertThat(nodes).containsExactlyInAnyOrder("node-a", "node-b");
    assertThat(a.r().zcard(Keys.tenant(T) + ":acd:reservations").toCompletableFuture().join()).isZero();
  }

  /** One agent's call events must follow reserved → accepted → ended → wrapup.done (or reserved → rejected). */
  static final class AgentTrack {
    final String agent;
    String expect = "call.reserved";
    String call;

    AgentTrack(String agent) {
      this.agent = agent;
    }

    void step(String type, String callId, Object eventId) {
      boolean ok = switch (type) {
        case "call.reserved" -> expect.equals("call.reserved");
        case "call.rejected" -> expect.equals("call.accepted") && callId.equals(call);
        default -> expect.equals(type) && callId.equals(call);
      };
      assertThat(ok).as("agent %s: %s %s at %s while expecting %s for %s", agent, type, callId, eventId, expect, call)
          .isTrue();
      switch (type) {
        case "call.reserved" -> {
          call = callId;
          expect = "call.accepted";
        }
        case "call.accepted" -> expect = "call.ended";
        case "call.ended" -> expect = "wrapup.done";
        default -> {
          call = null;
          expect = "call.reserved";
        }
      }
    }
  }
}
