package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 50 sipp callers wait in queue {@code support} at once; 10 agents then drain the queue over WebSockets (accept,
 * hang up — the node sends BYE to the caller — wrap up, next offer). Every call must be answered exactly once and
 * nothing may stay behind (calls, media sessions, RTP ports).
 */
class SippQueueIT {
  static final int CALLERS = 50;
  static final int AGENTS = 10;
  static final String PASSWORD = "sipp-agent-password";
  static Node node;

  @BeforeAll
  static void start() {
    node = TestNodes.loopback("sipp-queue-it", Map.of());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void fiftyQueuedSippCallersAreEachAnsweredOnceByTenAgents() throws Exception {
    Path sipp = Tools.require("sipp");
    Path scenario = Path.of(SippQueueIT.class.getResource("/sipp/wait-for-bye.xml").toURI());
    long answeredBefore = queue().answered();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      tokens.add(TestNodes.login(node.httpPort(), "demo", createAgent("sipp-agent-" + i), PASSWORD));
    }
    Path log = Files.createTempFile("sipp-queue", ".log");
    Path stats = Files.createTempFile("sipp-queue", ".csv");
    Process p = new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", "+15550100",
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", String.valueOf(CALLERS), "-l", String.valueOf(CALLERS),
        "-r", "50", "-nostdin", "-timeout", "60s", "-timeout_error",
        "-trace_stat", "-stf", stats.toString(), "-fd", "60",
        "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    WebSocketClient ws = node.vertx().createWebSocketClient();
    ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
    try {
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(queue().waiting()).as("callers waiting in support").isEqualTo(CALLERS));
      assertThat(node.calls().activeCalls()).isEqualTo(CALLERS);
      assertThat(node.media().activeSessions()).isEqualTo(CALLERS);

      List<String> answered = Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> agents = new ArrayList<>();
      for (String token : tokens) {
        agents.add(pool.submit(() -> { work(ws, token, answered); return null; }));
      }
      for (Future<?> a : agents) {
        a.get(40, TimeUnit.SECONDS);
      }
      assertThat(answered).as("calls answered").hasSize(CALLERS);
      assertThat(new HashSet<>(answered)).as("each answered once").hasSize(CALLERS);
      for (String callId : answered) {
        assertThat(node.acd().call("demo", callId).await().state()).as(callId).isEqualTo("ended");
      }
      assertThat(queue().answered()).isEqualTo(answeredBefore + CALLERS);
      assertThat(queue().waiting()).isZero();

      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      String out = Files.readString(log);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(successfulCalls(stats)).as(out).isEqualTo(CALLERS);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(node.calls().activeCalls()).as("active calls").isZero();
        assertThat(node.media().activeSessions()).as("media sessions").isZero();
        assertThat(node.media().portsInUse()).as("RTP ports").isZero();
      });
    } finally {
      p.destroyForcibly();
      pool.shutdownNow();
      ws.close().await();
      Files.deleteIfExists(log);
      Files.deleteIfExists(stats);
    }
  }

  /** One agent: available, then accept → hang up → wrap up for every offer until no offer comes for 3 s. */
  private static void work(WebSocketClient ws, String token, List<String> answered) throws Exception {
    try (WsClient agent = WsClient.connect(ws, node.httpPort(), token)) {
      agent.next("hello");
      assertThat(agent.request("a", new JsonObject().put("type", "state.set").put("state", "available"))
          .getString("type")).isEqualTo("ack");
      int n = 0;
      while (true) {
        JsonObject offer;
        try {
          offer = agent.next("call.offered");
        } catch (AssertionError noOfferWithin5s) {
          return;
        }
        String callId = offer.getString("callId");
        n++;
        assertThat(agent.request("acc" + n, new JsonObject().put("type", "call.accept").put("callId", callId))
            .getString("type")).as("accept %s", callId).isEqualTo("ack");
        answered.add(callId);
        assertThat(agent.request("hup" + n, new JsonObject().put("type", "call.hangup").put("callId", callId))
            .getString("type")).isEqualTo("ack");
        assertThat(agent.request("wrap" + n, new JsonObject().put("type", "wrapup.done").put("callId", callId)
            .put("disposition", "resolved")).getString("type")).isEqualTo("ack");
        if (answered.size() == CALLERS) {
          return;
        }
      }
    }
  }

  /** The "SuccessfulCall(C)" column of sipp's last statistics line. */
  private static long successfulCalls(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    String[] head = lines.get(0).split(";");
    String[] last = lines.get(lines.size() - 1).split(";");
    for (int i = 0; i < head.length; i++) {
      if (head[i].equals("SuccessfulCall(C)")) {
        return Long.parseLong(last[i].trim());
      }
    }
    throw new AssertionError("no SuccessfulCall(C) column in " + lines.get(0));
  }

  private static String createAgent(String username) {
    node.directory().put("demo", Kind.AGENT, username, new JsonObject()
        .put("username", username).put("displayName", username)
        .put("roles", new JsonArray().add("agent"))
        .put("skills", new JsonObject().put("support", 3))
        .put("queues", new JsonArray().add("support"))
        .put("password", PASSWORD), null).await();
    return username;
  }

  private static TenantStats.QueueStats queue() {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals("support")).findFirst()
        .orElseThrow();
  }

}
