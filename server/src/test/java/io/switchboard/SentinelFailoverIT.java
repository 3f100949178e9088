package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.support.SentinelRedis;
import io.switchboard.support.SippCaller;
import io.switchboard.support.TestNodes;
import io.switchboard.signaling.WsClient;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The Redis master is killed (SIGKILL) under load: a node on a real Sentinel deployment (Debian's redis-server and
 * redis-sentinel: master, replica, three sentinels) follows the promoted replica, reconciles its calls, and every
 * sipp caller is still answered by exactly one agent; no waiting call disappears, none is routed twice.
 */
class SentinelFailoverIT {
  static final int CALLERS = 10;

  @Test
  void killingTheMasterUnderLoadLosesNoWaitingCallAndRoutesNoneTwice() throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try (SentinelRedis redis = SentinelRedis.start()) {
      Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(60));
      settings.put("redis.uri", redis.uri());
      settings.put("demo.data", "true");
      // not under test here: on a busy machine a cold node's first calls may be shed with 503
      settings.put("sip.overload.max-wait-ms", "0");
      Node node = TestNodes.loopback("sentinel-it", settings);
      open.add(node::stop);
      Map<String, List<String>> answeredBy = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong lastAcceptNanos = new AtomicLong();
      List<Thread> agents = new ArrayList<>();
      // held for the whole test: Vert.x closes a client's sockets once the client object is garbage collected
      WebSocketClient wsClient = node.vertx().createWebSocketClient();
      for (String agent : List.of("alice", "bob")) {
        WsClient ws = WsClient.connect(wsClient, node.httpPort(),
            TestNodes.login(node.httpPort(), agent));
        open.add(ws);
        ws.next("hello");
        ws.request("s", new JsonObject().put("type", "state.set").put("state", "available"));
        Thread t = new Thread(() -> answerCalls(agent, ws, stop, answeredBy, lastAcceptNanos), agent);
        t.setDaemon(true);
        t.start();
        agents.add(t);
      }

      // most callers wait (two agents, two seconds a call) when the master dies
      List<SippCaller> callers = new CopyOnWriteArrayList<>();
      for (int i = 0; i < CALLERS - 2; i++) {
        callers.add(dial(node, open));
        Thread.sleep(200);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> node.calls().activeCalls() == CALLERS - 2);
      Thread.sleep(500);
      redis.killMaster();
      long killedAt = System.nanoTime();
      int oldMaster = redis.masterPort();
      await().atMost(Duration.ofSeconds(20)).until(() -> redis.currentMasterPort() != oldMaster);
      // new calls while Redis has no master are refused with 503 (a carrier retries them); after it, accepted
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> node.acd().stats("demo").await() != null);
      for (int i = 0; i < 2; i++) {
        callers.add(dial(node, open));
      }

      // every caller is answered once and hung up by the node after the agent's hang-up
      for (SippCaller c : callers) {
        c.assertHungUpByNode(90);
      }
      stop.set(true);
      long resumedMs = TimeUnit.NANOSECONDS.toMillis(lastAcceptNanos.get() - killedAt);
      System.out.println("SentinelFailoverIT: last accept " + resumedMs + " ms after the kill; answered " + answeredBy);
      assertThat(answeredBy).hasSize(CALLERS);
      assertThat(answeredBy.values()).allSatisfy(by -> assertThat(by).hasSize(1));
      assertThat(node.calls().activeCalls()).isZero();
      wsClient.close();
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          // already closed: the test's own failure, if any, is the one to report
        }
      }
    }
  }

  private static SippCaller dial(Node node, List<AutoCloseable> open) throws Exception {
    SippCaller c = SippCaller.dial("+15550100", node.sipPort());
    open.add(c);
    return c;
  }

  /**
   * One agent's page: take each offer, talk briefly, hang up, wrap up. Requests that fail while Redis is away are
   * retried; a hang-up until the ACD has the call ended (after the failover the node's reconciliation may first
   * have to re-apply an accept the new master lacks).
   */
  private static void answerCalls(String agent, WsClient ws, AtomicBoolean stop, Map<String, List<String>> answeredBy,
      AtomicLong lastAccept) {
    int n = 0;
    while (!stop.get()) {
      JsonObject offer;
      try {
        offer = ws.next("call.offered");
      } catch (AssertionError noOfferWithin5s) {
        continue;
      }
      String callId = offer.getString("callId");
      JsonObject r = ws.request(agent + (++n), new JsonObject().put("type", "call.accept").put("callId", callId));
      if (!"ack".equals(r.getString("type"))) {
        System.out.println("SentinelFailoverIT: " + agent + " could not accept " + callId + ": " + r.encode());
        continue; // taken back meanwhile (no answer in time, or the failover moved it)
      }
      answeredBy.computeIfAbsent(callId, k -> new CopyOnWriteArrayList<>()).add(agent);
      lastAccept.set(System.nanoTime());
      sleep(2000);
      retry(ws, agent + (++n), new JsonObject().put("type", "call.hangup").put("callId", callId));
      retry(ws, agent + (++n), new JsonObject().put("type", "wrapup.done").put("callId", callId)
          .put("disposition", "resolved"));
      ws.request(agent + (++n), new JsonObject().put("type", "state.set").put("state", "available"));
    }
  }

  /** Sends until acked, or refused for good (the call is over); at most ~20 s. */
  private static void retry(WsClient ws, String id, JsonObject m) {
    for (int i = 0; i < 40; i++) {
      JsonObject r;
      try {
        r = ws.request(id + "-" + i, m);
      } catch (AssertionError noReply) {
        continue;
      }
      String code = r.getString("code", "");
      if ("ack".equals(r.getString("type")) || code.equals("invalid-transition") || code.equals("unknown-call")) {
        return;
      }
      sleep(500);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
