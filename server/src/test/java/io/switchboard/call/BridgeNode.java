package io.switchboard.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.Node;
import io.switchboard.acd.TenantStats;
import io.switchboard.directory.Kind;
import io.switchboard.media.rtp.RtpPacket;
import io.switchboard.records.Interaction;
import io.switchboard.records.PgInteractionQueries;
import io.switchboard.redis.EmbeddedRedis;
import io.switchboard.redis.RedisConnections;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.switchboard.support.TestNodes;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The node both bridge ITs run against ({@link BridgeIT} with real WebRTC, {@link BridgeFakeLegIT} with
 * {@link FakeWebRtc}): a loopback node with demo data, its own embedded Redis and a random RTP range, plus a
 * WebSocket client for the agents; and the steps both tests take (a SIP caller, a signed-in agent, the agent's
 * tone through the bridge, nothing left at the end). A JUnit extension on a static field:
 * <pre>{@code @RegisterExtension static final BridgeNode fx = new BridgeNode("my-it", Map.of());}</pre>
 * Its beforeAll runs before the class's own {@code @BeforeAll} methods (so those may attach a fake WebRTC
 * endpoint); its afterAll closes the client, then the node, even when start-up failed half way.
 */
final class BridgeNode implements BeforeAllCallback, AfterAllCallback {
  /** The tone the SIP caller sends and the one the browser sends (Hz); far apart so Goertzel tells them apart. */
  static final double CALLER_HZ = 1000;
  static final double AGENT_HZ = 1400;

  private final String nodeId;
  private final Map<String, String> overrides;
  private Node node;
  private int redisPort;
  private WebSocketClient ws;

  /** @param overrides node settings on top of the loopback ones (e.g. a short WebRTC consent timeout) */
  BridgeNode(String nodeId, Map<String, String> overrides) {
    this.nodeId = nodeId;
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Map<String, String> settings = new HashMap<>(TestNodes.randomRtpPorts(200));
    redisPort = EmbeddedRedis.freePort();
    settings.put("redis.embedded.port", String.valueOf(redisPort));
    settings.putAll(overrides);
    node = TestNodes.loopback(nodeId, settings);
    ws = node.vertx().createWebSocketClient();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (ws != null) {
      ws.close().await();
    }
    if (node != null) {
      node.stop();
    }
  }

  /** The WebSocket client sockets of {@link #agent} are opened with. */
  WebSocketClient ws() {
    return ws;
  }

  Node node() {
    return node;
  }

  /** The port of the node's embedded Redis (for reading the ACD's events). */
  int redisPort() {
    return redisPort;
  }

  /** A SIP caller (our stack and a UDP RTP socket) on the node's SIP port; the caller closes it. */
  SipCaller caller() throws Exception {
    return new SipCaller(node.vertx(), "127.0.0.1", node.sipPort());
  }

  /** Demo agent {@code user} signed in (password login) with its WebSocket open; the caller closes it. */
  WsClient agent(String user) throws IOException, InterruptedException {
    return WsClient.connect(ws, node.httpPort(), TestNodes.login(node.httpPort(), user));
  }

  /** A call answered by the node and offered to an agent: the caller's 200 (for its RTP) and the ACD's call id. */
  record Offered(SipResponse ok, String callId) {}

  /**
   * After {@code agent}'s hello: {@code caller} dials the demo support number, the node answers (200) and gets
   * the ACK, the agent goes available (request id "1") and is offered the call.
   */
  static Offered offered(SipCaller caller, WsClient agent) throws Exception {
    agent.next("hello");
    SipResponse ok = caller.invite("+15550100");
    assertThat(ok.status()).isEqualTo(200);
    caller.ack(ok);
    assertThat(agent.request("1", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
    return new Offered(ok, agent.next("call.offered").getString("callId"));
  }

  /**
   * {@link #offered}, then the agent's fake browser leg is answered and connected and the agent accepts; returns the
   * call id once this node holds the call as connected (the ACD tells it through Redis, after the accept's ack).
   */
  String connected(SipCaller caller, WsClient agent, SipResponse[] ok, FakeWebRtc webrtc) throws Exception {
    Offered offered = offered(caller, agent);
    ok[0] = offered.ok();
    String callId = offered.callId();
    assertThat(agent.request("2", msg("media.offer").put("callId", callId).put("sdp", BridgeFakeLegIT.OFFER))
        .getString("type")).isEqualTo("ack");
    agent.next("media.answer");
    webrtc.last().connect();
    assertThat(agent.request("3", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
    await().atMost(Duration.ofSeconds(5)).until(() -> node.calls().connectedAgent(callId).await() != null);
    return callId;
  }

  /**
   * {@link #connected}, then the agent consults {@code colleague} (available first), which accepts with a connected
   * fake leg; {@code callId[0]} is the call's id. Returns {agent leg, colleague leg}.
   */
  FakeLeg[] consulting(SipCaller caller, WsClient agent, WsClient colleague, String colleagueId, SipResponse[] ok,
      String[] callId, FakeWebRtc webrtc) throws Exception {
    callId[0] = connected(caller, agent, ok, webrtc);
    FakeLeg agentLeg = webrtc.last();
    available(colleague);
    JsonObject started = ConsultVerbsIT.consult(agent, "c1", callId[0], colleagueId);
    assertThat(started.getString("type")).as("%s", started).isEqualTo("ack");
    assertThat(started.getString("agentId")).isEqualTo(colleagueId);
    colleague.next("call.consult.offered");
    assertThat(colleague.request("c2", msg("call.consult.accept").put("callId", callId[0])
        .put("sdp", BridgeFakeLegIT.OFFER)).getString("type")).isEqualTo("call.consult.accepted");
    FakeLeg colleagueLeg = webrtc.last();
    colleagueLeg.connect();
    return new FakeLeg[] {agentLeg, colleagueLeg};
  }

  /** The dialer ITs' set-up: inbound calls and every dialer (click-to-dial, callbacks, campaigns) use these legs. */
  void attachDialers(FakeWebRtc webrtc) {
    node.calls().attachWebRtc(webrtc);
    node.dials().attachWebRtc(webrtc);
    node.predictive().attachWebRtc(webrtc);
  }

  /** {@link #assertNothingLeft}, and no dialed, predictive or outbound SIP call either. */
  void assertNoCallsLeft(IntSupplier legs) {
    assertNothingLeft(legs);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(node.dials().activeCalls()).as("dialed calls").isZero();
      assertThat(node.predictive().activeCalls()).as("predictive calls").isZero();
      assertThat(node.outbound().activeCalls()).as("outbound SIP calls").isZero();
    });
  }

  /** Every call, leg ({@code legs}: the real endpoint's count or a fake's), media session and port is gone. */
  void assertNothingLeft(IntSupplier legs) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(node.calls().activeCalls()).as("calls").isZero();
      assertThat(legs.getAsInt()).as("legs").isZero();
      assertThat(node.media().activeSessions()).as("sessions").isZero();
      assertThat(node.media().portsInUse()).as("ports").isZero();
    });
  }

  /**
   * Sends frames {@code from}..{@code from + n - 1} of the agent's tone (PCMU, 20 ms apart) through
   * {@code fromBrowser} and returns what the caller got meanwhile and 60 ms after; what it had queued before is
   * dropped.
   */
  static List<RtpPacket> agentTone(SipCaller caller, Consumer<RtpPacket> fromBrowser, int from, int n)
      throws Exception {
    caller.drainRtp();
    List<RtpPacket> got = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      fromBrowser.accept(RtpPacket.of(i == 0, 0, 3000 + i, 640_000 + 160L * i, 0xB0B, SipCaller.ulawTone(AGENT_HZ)));
      Thread.sleep(20);
      got.addAll(caller.drainRtp());
    }
    Thread.sleep(60);
    got.addAll(caller.drainRtp());
    return got;
  }

  /** The id of the one call on the node that is not in {@code known}, once it appears (within 5 s). */
  String awaitNewCall(Set<String> known) {
    Set<String> seen = new HashSet<>();
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      seen.clear();
      seen.addAll(node.calls().activeCallIds());
      seen.removeAll(known);
      return seen.size() == 1;
    });
    return seen.iterator().next();
  }

  /** Today's figures of the demo tenant's {@code queue}. */
  /**
   * An "outbound" queue of the demo tenant (the support queue's settings, priority 0, no required skills, 30 s of
   * wrap-up) that a campaign dials for, and {@code agent} serving exactly {@code queues}.
   */
  void outboundQueueFor(String agent, String... queues) {
    JsonObject support = node.directory().get("demo", Kind.QUEUE, "support").await().orElseThrow();
    JsonObject outbound = support.copy().put("name", "Outbound").put("priority", 0)
        .put("requiredSkills", new JsonObject()).put("wrapUpSeconds", 30);
    outbound.remove("id");
    outbound.remove("version");
    node.directory().put("demo", Kind.QUEUE, "outbound", outbound, null).await();
    JsonObject doc = node.directory().get("demo", Kind.AGENT, agent).await().orElseThrow();
    doc.remove("id");
    doc.remove("version");
    node.directory().put("demo", Kind.AGENT, agent, doc.put("queues", new JsonArray(List.of((Object[]) queues))),
        io.switchboard.directory.IfMatch.ANY).await();
  }

  TenantStats.QueueStats queueStats(String queue) {
    return node.acd().stats("demo").await().queues().stream().filter(s -> s.queue().equals(queue))
        .findFirst().orElseThrow();
  }

  /**
   * A trunk {@code trunk} to 127.0.0.1:{@code port}, and the demo tenant's dial policy sending calls there (US
   * numbers, caller ID +15550100).
   */
  void dialPolicyTo(String trunk, int port) {
    node.directory().put("demo", Kind.TRUNK, trunk, new JsonObject().put("name", trunk)
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", port)))
        .put("allowedSources", new JsonArray().add("127.0.0.1")), null).await();
    node.directory().put("demo", Kind.DIAL_POLICY, "default", new JsonObject().put("defaultCountry", "US")
        .put("defaultCallerId", "+15550100").put("trunk", trunk), null).await();
  }

  /**
   * The call's events whose type starts with {@code typePrefix}, as the records pipeline stored them in the demo
   * tenant's events, in stream order: "type value..." with the values of {@code fields} that are present.
   */
  List<String> storedEvents(String callId, String typePrefix, String... fields) throws Exception {
    List<String> out = new ArrayList<>();
    try (java.sql.Connection c = node.database().dataSource().getConnection();
         java.sql.PreparedStatement q = c.prepareStatement("SELECT type, fields::text FROM events "
             + "WHERE tenant = 'demo' AND call_id = ? AND type LIKE ? ORDER BY entry_ms, entry_seq")) {
      q.setString(1, callId);
      q.setString(2, typePrefix + "%");
      try (java.sql.ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          JsonObject f = new JsonObject(rs.getString(2));
          StringBuilder line = new StringBuilder(rs.getString(1));
          for (String name : fields) {
            if (f.getValue(name) != null) {
              line.append(' ').append(f.getValue(name));
            }
          }
          out.add(line.toString());
        }
      }
    }
    return out;
  }

  /** The ACD's events of {@code type} for {@code callId} in the demo tenant's stream (Redis), oldest first. */
  List<Map<String, String>> acdEvents(String type, String callId) throws Exception {
    RedisConnections redis = RedisConnections.connect("redis://127.0.0.1:" + redisPort, Duration.ofSeconds(5));
    try {
      return redis.commands().xrange("sb:{demo}:events", Range.create("-", "+")).get().stream()
          .map(StreamMessage::getBody)
          .filter(b -> type.equals(b.get("type")) && callId.equals(b.get("callId")))
          .toList();
    } finally {
      redis.close();
    }
  }

  /** The demo tenant's interaction record of {@code callId} once the call has ended (within 15 s). */
  Interaction interaction(String callId) {
    PgInteractionQueries q = new PgInteractionQueries(node.database().dataSource());
    await().atMost(Duration.ofSeconds(15)).until(() -> q.get("demo", callId).map(i -> i.endedAt() != null)
        .orElse(false));
    try {
      return q.get("demo", callId).orElseThrow();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** After {@code agent}'s hello, the agent goes available. */
  static void available(WsClient agent) {
    agent.next("hello");
    assertThat(agent.request("av", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
  }

  /** Whether {@code m} is an outbound dial's progress message in {@code state}. */
  static boolean progress(JsonObject m, String state) {
    return "call.dial.progress".equals(m.getString("type")) && state.equals(m.getString("state"));
  }

  /** A signaling message of {@code type}, to add fields to. */
  static JsonObject msg(String type) {
    return new JsonObject().put("type", type);
  }
}
