package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippPorts;
import io.switchboard.support.TestNodes;
import io.switchboard.support.Tools;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A number's flow with real SIP callers (sipp) pressing keys as RFC 4733 telephone-events: the menu sends "1" to the
 * English queue and "2" through a language node and a priority to the Spanish one; a wrong key gets the menu again,
 * two wrong keys the fallback (goodbye and the node's BYE). The menu waits 20 s for a key, longer than any test waits,
 * so only the keys can move a call on. A webhook step (the tenant's HTTP server, here on loopback) sends the call down
 * the branch its answer names; one too slow or answering garbage sends it down the fallback. Nothing is left behind
 * in any case. A callback node asks for the callback number at once: the caller confirms its own with # and is hung up,
 * and its call waits in the queue without it. A call finishes on the version of its flow it started on, whatever
 * the flow becomes meanwhile.
 */
class FlowSippIT {
  static final String T = "demo";
  static final String NUMBER = "+15550199";
  static final String FLOW = """
      {"name": "IT line", "start": "menu", "nodes": [
        {"id": "menu", "type": "menu", "prompt": "about", "options": {"1": "sales", "2": "spanish"},
         "timeoutSeconds": 20, "retries": 1, "invalidPrompt": "minute", "fallback": "bye"},
        {"id": "spanish", "type": "language", "language": "es", "next": "vip"},
        {"id": "vip", "type": "set", "priority": 50, "next": "ventas"},
        {"id": "ventas", "type": "queue", "queue": "flow-es"},
        {"id": "sales", "type": "queue", "queue": "flow-en"},
        {"id": "bye", "type": "hangup", "prompt": "goodbye"}
      ]}""";
  /** The tenant's webhook: what it answers is set per test. */
  static final String HOOK_NUMBER = "+15550198";
  /** A number whose flow a test changes while a call runs it. */
  static final String CHANGE_NUMBER = "+15550195";
  static volatile String hookAnswer;
  static volatile long hookDelayMs;
  static final List<JsonObject> hookCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
  static com.sun.net.httpserver.HttpServer hook;
  static Node node;

  @BeforeAll
  static void start() throws Exception {
    hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/ivr", ex -> {
      hookCalls.add(new JsonObject(new String(ex.getRequestBody().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8)));
      try {
        Thread.sleep(hookDelayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] answer = hookAnswer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    hook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    hook.start();
    // the webhook is on loopback over plain http: allowed only with this setting (off by default)
    node = TestNodes.loopback("flow-sipp-it", Map.of("flows.webhook-allow-insecure", "true"));
    put(Kind.QUEUE, "flow-en", new JsonObject().put("name", "Sales"));
    put(Kind.QUEUE, "flow-es", new JsonObject().put("name", "Ventas").put("language", "es"));
    put(Kind.FLOW, "it-line", new JsonObject(FLOW));
    put(Kind.PHONE_NUMBER, NUMBER.substring(1), new JsonObject().put("number", NUMBER).put("flow", "it-line"));
    put(Kind.FLOW, "hook-line", new JsonObject(HOOK_FLOW.formatted(hook.getAddress().getPort())));
    put(Kind.QUEUE, "flow-cb", new JsonObject().put("name", "Callbacks"));
    put(Kind.FLOW, "cb-line", new JsonObject(CALLBACK_FLOW));
    put(Kind.PHONE_NUMBER, CALLBACK_NUMBER.substring(1), new JsonObject().put("number", CALLBACK_NUMBER)
        .put("flow", "cb-line"));
    put(Kind.PHONE_NUMBER, HOOK_NUMBER.substring(1), new JsonObject().put("number", HOOK_NUMBER)
        .put("flow", "hook-line"));
  }

  static final String HOOK_FLOW = """
      {"name": "Webhook line", "start": "lookup", "nodes": [
        {"id": "lookup", "type": "webhook", "url": "http://127.0.0.1:%d/ivr", "timeoutMs": 800,
         "branches": {"vip": "ventas"}, "fallback": "sales"},
        {"id": "ventas", "type": "queue", "queue": "flow-es"},
        {"id": "sales", "type": "queue", "queue": "flow-en"}
      ]}""";

  /** A number whose flow ends in a callback node. */
  static final String CALLBACK_NUMBER = "+15550196";
  static final String CALLBACK_FLOW = """
      {"name": "Callback line", "start": "offer", "nodes": [
        {"id": "offer", "type": "callback", "queue": "flow-cb"}
      ]}""";

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
    if (hook != null) {
      hook.stop(0);
    }
  }

  @AfterEach
  void nothingLeaks() {
    TestNodes.awaitNothingLeaks(node, Duration.ofSeconds(10));
    assertThat(waiting("flow-en") + waiting("flow-es")).isZero();
  }

  private static void put(Kind kind, String id, JsonObject body) {
    node.directory().put(T, kind, id, body, null).await();
  }

  @Test
  void aWrongKeyGetsTheMenuAgainThenTwoChoosesSpanishAndTheSpanishQueue() throws Exception {
    java.time.Instant started = java.time.Instant.now().minusMillis(200);
    Process caller = press("0", "2");
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(waiting("flow-es")).isEqualTo(1));
    assertThat(waiting("flow-en")).isZero();
    Map<String, String> enqueued = lastEnqueued("flow-es", started);
    assertThat(enqueued).as("the flow's language and priority go with the call into the ACD")
        .containsEntry("language", "es").containsEntry("priority", "50")
        .containsEntry("flow", "menu > menu:0 > menu:2 > spanish > vip > ventas");
    assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).isZero();
  }

  @Test
  void pressingOneGoesToTheEnglishQueue() throws Exception {
    Process caller = press("1");
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(waiting("flow-en")).isEqualTo(1));
    assertThat(waiting("flow-es")).isZero();
    assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).isZero();
  }

  @Test
  void aCallInItsMenuFinishesOnTheFlowItStartedWhenTheFlowChanges() throws Exception {
    put(Kind.FLOW, "change-line", new JsonObject(FLOW));
    put(Kind.PHONE_NUMBER, CHANGE_NUMBER.substring(1), new JsonObject().put("number", CHANGE_NUMBER)
        .put("flow", "change-line"));
    java.time.Instant started = java.time.Instant.now().minusMillis(200);
    Process caller = run(CHANGE_NUMBER, List.of(WAIT, "1"), 6_000, "ontimeout=\"hangup\"");
    await().atMost(Duration.ofSeconds(3)).until(() -> node.calls().activeCalls() == 1);
    // before the key (1.5 s after the answer, then 2 s): the keys swap, 1 now leads to Spanish
    put(Kind.FLOW, "change-line", new JsonObject(FLOW.replace("{\"1\": \"sales\", \"2\": \"spanish\"}",
        "{\"1\": \"spanish\", \"2\": \"sales\"}")));
    assertThat(node.directory().get(T, Kind.FLOW, "change-line").await().orElseThrow().encode())
        .as("the flow did change").contains("\"1\":\"spanish\"");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(waiting("flow-en")).isEqualTo(1));
    assertThat(waiting("flow-es")).isZero();
    assertThat(lastEnqueued("flow-en", started)).as("the version it started on").containsEntry("flow",
        "menu > menu:1 > sales");
    assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).isZero();
  }

  @Test
  void twoWrongKeysEndInTheFallbackWithTheNodesBye() throws Exception {
    Process caller = run(NUMBER, List.of("3", "7"), 12_000, "");  // no BYE within 12 s fails sipp
    assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as("sipp got the node's BYE and answered it").isZero();
    assertThat(waiting("flow-en") + waiting("flow-es")).isZero();
    assertThat(lastEndedInFlow("flow")).as("an interaction like every call").containsEntry("steps", "1")
        .containsEntry("kind", "flow-ended").containsEntry("flow", "menu > menu:3 > menu:7 > menu:fallback > bye");
  }

  @Test
  void aCallerWhoHangsUpInTheMenuLeavesNothingButTheRecordAndIsLeftAloneByAReconciliation() throws Exception {
    Process caller = run(NUMBER, List.of(), 3_000, "ontimeout=\"hangup\"");  // presses nothing, leaves
    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().activeCalls() == 1);
    // a reconciliation with the ACD (as after a Redis failover) while the call is in its menu: the ACD has never
    // held it, so nothing is restored and the call goes on where it is
    assertThat(node.calls().reconcile().await().restored()).isZero();
    assertThat(waiting("flow-en") + waiting("flow-es")).isZero();
    assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).isZero();
    assertThat(lastEndedInFlow("caller")).containsEntry("steps", "1").containsEntry("kind", "flow-ended")
        .containsEntry("flow", "menu");
  }

  /**
   * The newest interaction that ended in its flow with {@code endedBy}, once the projection has written it: its
   * timeline's length and its first step's kind and flow.
   */
  private static Map<String, String> lastEndedInFlow(String endedBy) {
    Map<String, String> out = new java.util.HashMap<>();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      out.clear();
      try (java.sql.Connection c = node.database().dataSource().getConnection();
           java.sql.PreparedStatement st = c.prepareStatement("SELECT queue, caller, timeline::text FROM interactions "
               + "WHERE tenant = ? AND outcome = 'ended-in-flow' AND ended_by = ? "
               + "AND arrived_at > now() - interval '30 seconds' ORDER BY arrived_at DESC LIMIT 1")) {
        st.setString(1, T);
        st.setString(2, endedBy);
        try (java.sql.ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("an interaction ended in its flow by " + endedBy).isTrue();
          assertThat(rs.getString(1)).as("no queue").isNull();
          assertThat(rs.getString(2)).isEqualTo("+15557650000");
          io.vertx.core.json.JsonArray timeline = new io.vertx.core.json.JsonArray(rs.getString(3));
          out.put("steps", String.valueOf(timeline.size()));
          out.put("kind", timeline.getJsonObject(0).getString("kind"));
          out.put("flow", timeline.getJsonObject(0).getString("flow"));
        }
      }
    });
    return out;
  }

  @Test
  void theWebhooksAnswerChoosesTheBranch() throws Exception {
    hookAnswer = "{\"branch\": \"vip\"}";
    hookDelayMs = 0;
    hookCalls.clear();
    java.time.Instant started = java.time.Instant.now().minusMillis(200);
    Process caller = run(HOOK_NUMBER, List.of(), 6_000, "ontimeout=\"hangup\"");
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(waiting("flow-es")).isEqualTo(1));
    assertThat(hookCalls).hasSize(1);
    assertThat(hookCalls.get(0).getString("caller")).isEqualTo("+15557650000");
    assertThat(hookCalls.get(0).getString("node")).isEqualTo("lookup");
    assertThat(hookCalls.get(0).getString("callId")).isNotBlank();
    assertThat(lastEnqueued("flow-es", started)).containsEntry("flow", "lookup > lookup:vip > ventas");
    assertThat(caller.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aWebhookTooSlowOrAnsweringGarbageTakesTheFallback() throws Exception {
    hookAnswer = "{\"branch\": \"vip\"}";
    hookDelayMs = 2_000;  // the node waits 800 ms
    Process slow = run(HOOK_NUMBER, List.of(), 6_000, "ontimeout=\"hangup\"");
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(waiting("flow-en")).isEqualTo(1));
    assertThat(waiting("flow-es")).isZero();
    assertThat(slow.waitFor(20, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(waiting("flow-en")).isZero());

    hookAnswer = "<html>not json</html>";
    hookDelayMs = 0;
    java.time.Instant started = java.time.Instant.now().minusMillis(200);
    Process garbage = run(HOOK_NUMBER, List.of(), 6_000, "ontimeout=\"hangup\"");
    await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(waiting("flow-en")).isEqualTo(1));
    assertThat(waiting("flow-es")).isZero();
    assertThat(lastEnqueued("flow-en", started)).containsEntry("flow", "lookup > lookup:fallback > sales");
    assertThat(garbage.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCallbackNodeTakesTheNumberAtOnceAndTheCallKeepsItsPlaceWithoutTheCaller() throws Exception {
    java.time.Instant started = java.time.Instant.now().minusMillis(200);
    // its own number (From) is read back; # confirms it; no BYE from the node within 15 s fails sipp
    Process caller = run(CALLBACK_NUMBER, List.of("pound"), 15_000, "", "+14155550100");
    assertThat(caller.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(caller.exitValue()).as("the node hung up after the confirmation").isZero();
    assertThat(waiting("flow-cb")).as("the virtual call waits in the flow's queue").isEqualTo(1);
    Map<String, String> requested = lastEvent("call.callback-requested", "flow-cb", started);
    assertThat(requested).containsEntry("number", "+14155550100");
    io.switchboard.acd.CallStatus st = node.acd().call(T, requested.get("callId")).await();
    assertThat(st.state()).isEqualTo("waiting");
    assertThat(st.callback()).isEqualTo("+14155550100");
    assertThat(st.node()).as("owned by the queue, not by a node").isNull();
    assertThat(lastEnqueued("flow-cb", started)).containsEntry("flow", "offer");
  }

  /** sipp calling {@link #NUMBER}, pressing {@code digits}, staying 6 s for the test to look, then hanging up. */
  /** In a list of digits: no key, only the 2 s pause between keys. */
  static final String WAIT = "wait";

  private static Process press(String... digits) throws Exception {
    return run(NUMBER, List.of(digits), 6_000, "ontimeout=\"hangup\"");
  }

  /**
   * press-digit.xml with a key pressed per digit (2 s apart), then waiting {@code waitMs} for the node's BYE. sipp
   * replays its recordings as they are, and each digit's has a fixed RTP timestamp, higher for higher digits
   * (dtmf_2833_1 lowest, then 0, 2, ... 9): keys pressed in one call must go up in that order, or the node rightly
   * takes the later one for a late retransmission of an older event (RFC 4733 2.5.1.1).
   */
  private static Process run(String number, List<String> digits, int waitMs, String onTimeout) throws Exception {
    return run(number, digits, waitMs, onTimeout, "+15557650000");
  }

  /** As above, calling from {@code from} (the caller's number in its From). */
  private static Process run(String number, List<String> digits, int waitMs, String onTimeout, String from)
      throws Exception {
    Path sipp = Tools.require("sipp");
    String template = Files.readString(Path.of(FlowSippIT.class.getResource("/sipp/press-digit.xml").toURI()));
    StringBuilder presses = new StringBuilder();
    for (String d : digits) {
      if (presses.length() > 0) {
        presses.append("<pause milliseconds=\"2000\"/>\n");
      }
      if (d.equals(WAIT)) {
        continue; // the pause above only
      }
      presses.append("<nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_").append(d)
          .append(".pcap\"/></action></nop>\n");
    }
    Path scenario = Files.createTempFile("press-" + String.join("", digits) + "-", ".xml");
    Files.writeString(scenario, template.replace("+15557650000", from).replace("@PRESSES@", presses).replace("@WAIT@", String.valueOf(waitMs))
        .replace("@ONTIMEOUT@", onTimeout));
    scenario.toFile().deleteOnExit();
    Path log = Files.createTempFile("sipp-flow", ".log");
    log.toFile().deleteOnExit();
    return new ProcessBuilder(sipp.toString(), "-sf", scenario.toString(), "-s", number,
        "-i", "127.0.0.1", "-p", String.valueOf(SippPorts.freeSignalingPort()),
        "-mp", String.valueOf(SippPorts.freeMediaPort()), "-m", "1", "-l", "1", "-nostdin",
        "-timeout", "30s", "-timeout_error", "127.0.0.1:" + node.sipPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * The newest call.enqueued event of {@code queue} since {@code since}, once the records pipeline has stored it
   * (PostgreSQL): an earlier test's call to the same queue may be stored after this one's is looked for.
   */
  private static Map<String, String> lastEnqueued(String queue, java.time.Instant since) {
    return lastEvent("call.enqueued", queue, since);
  }

  /** The newest event of {@code type} about {@code queue} since {@code since}, once stored (see lastEnqueued). */
  private static Map<String, String> lastEvent(String type, String queue, java.time.Instant since) {
    Map<String, String> out = new java.util.HashMap<>();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      out.clear();
      try (java.sql.Connection c = node.database().dataSource().getConnection();
           java.sql.PreparedStatement st = c.prepareStatement("SELECT fields::text FROM events WHERE tenant = ? "
               + "AND type = ? AND fields->>'queue' = ? AND ts >= ? "
               + "ORDER BY entry_ms DESC, entry_seq DESC LIMIT 1")) {
        st.setString(1, T);
        st.setString(2, type);
        st.setString(3, queue);
        st.setObject(4, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
        try (java.sql.ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).as("a " + type + " event").isTrue();
          new JsonObject(rs.getString(1)).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
      }
    });
    return out;
  }

  private static long waiting(String queue) {
    return node.acd().stats(T).await().queues().stream().filter(s -> s.queue().equals(queue))
        .mapToLong(TenantStats.QueueStats::waiting).sum();
  }
}
