package io.switchboard.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.acd.CallSpec;
import io.switchboard.auth.Role;
import io.switchboard.cluster.NodeBus;
import io.switchboard.cluster.wire.CallMessage;
import io.switchboard.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The call-scoped verbs of the agent node ({@code media.offer}, {@code call.hold}, {@code call.resume},
 * {@code call.transfer}): ownership and state checks, forwarding to the call's node as a call envelope over real
 * Redis (a second {@link NodeBus} plays the call node), and the ack only when that node listens.
 */
class CallMediaSignalingIT {
  static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n";
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static Vertx vertx;
  private static WebSocketClient client;
  private static TestTokens tokens;
  private static InMemoryAcd acd;
  private static io.switchboard.redis.RedisConnections redis;
  private static TestNode agentNode;
  private static NodeBus callNode;
  /** What the call node's bus delivered: the envelope's tenant and call id, and the typed message. */
  private record AtCallNode(String tenant, String callId, CallMessage message) {}

  private static final LinkedBlockingQueue<AtCallNode> atCallNode = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = vertx.createWebSocketClient();
    tokens = new TestTokens();
    redis = TestRedis.connect();
    acd = new InMemoryAcd(redis);
    agentNode = new TestNode(vertx, TestRedis.uri(), "cm-agent", tokens, acd, Clock.systemUTC(), Map.of());
    callNode = new NodeBus(vertx, redis, "cm-call");
    callNode.listenCalls((tenant, callId, m) -> atCallNode.add(new AtCallNode(tenant, callId, m)));
    callNode.start().await();
  }

  @AfterAll
  static void stop() {
    callNode.close().await();
    agentNode.close();
    redis.close();
    client.close().await();
    vertx.close().await();
  }

  private static JsonObject msg(String type) {
    return new JsonObject().put("type", type);
  }

  private static WsClient agent(String tenant, String id) {
    WsClient a = WsClient.connect(client, agentNode.port(), tokens.issue(tenant, id, 300, Role.AGENT));
    a.next("hello");
    return a;
  }

  /** A call on {@code node} reserved for a fresh available agent {@code ann}. */
  private static String reservedCall(String t, WsClient ann, String node) {
    assertThat(ann.request("s", msg("state.set").put("state", "available")).getString("type")).isEqualTo("ack");
    String callId = acd.enqueue(t, new CallSpec(null, "support", 0, Map.of(), null, "+15551234", null, "r1", node))
        .await().callId();
    ann.next("call.offered");
    return callId;
  }

  private static AtCallNode forwarded() throws InterruptedException {
    AtCallNode m = atCallNode.poll(5, TimeUnit.SECONDS);
    assertThat(m).as("an envelope at the call node").isNotNull();
    return m;
  }

  @Test
  void anOfferWhileReservedIsForwardedToTheCallsNodeWithTheWayBack() throws Exception {
    String t = "cm" + TENANTS.incrementAndGet();
    try (WsClient ann = agent(t, "ann"); WsClient bob = agent(t, "bob")) {
      String callId = reservedCall(t, ann, "cm-call");
      assertThat(ann.request("o1", msg("media.offer").put("callId", callId).put("sdp", SDP)).getString("type"))
          .isEqualTo("ack");
      AtCallNode at = forwarded();
      assertThat(at.message()).isEqualTo(new CallMessage.MediaOffer(callId, "ann", "cm-agent", SDP));
      assertThat(at.tenant()).isEqualTo(t);
      assertThat(at.callId()).isEqualTo(callId);

      JsonObject err = bob.request("o2", msg("media.offer").put("callId", callId).put("sdp", SDP));
      assertThat(err.getString("code")).isEqualTo("not-your-call");
      JsonObject hold = ann.request("h1", msg("call.hold").put("callId", callId));
      assertThat(hold.getString("code")).as("hold needs a connected call").isEqualTo("not-your-call");
      assertThat(atCallNode.poll(200, TimeUnit.MILLISECONDS)).as("nothing forwarded for refusals").isNull();

      assertThat(ann.request("a", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(ann.request("h2", msg("call.hold").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(forwarded().message()).isEqualTo(new CallMessage.CallHold(callId, "ann", "cm-agent"));
      assertThat(ann.request("r", msg("call.resume").put("callId", callId)).getString("type")).isEqualTo("ack");
      assertThat(forwarded().message()).isEqualTo(new CallMessage.CallResume(callId, "ann", "cm-agent"));
    }
  }

  @Test
  void aCallWhoseNodeIsNotListeningIsUnavailable() {
    String t = "cm" + TENANTS.incrementAndGet();
    try (WsClient ann = agent(t, "ann")) {
      String callId = reservedCall(t, ann, "cm-gone");
      JsonObject err = ann.request("o", msg("media.offer").put("callId", callId).put("sdp", SDP));
      assertThat(err.getString("type")).isEqualTo("error");
      assertThat(err.getString("code")).isEqualTo("unavailable");
    }
  }

  @Test
  void badOffersAndTransfersAreRefusedNamingTheField() {
    String t = "cm" + TENANTS.incrementAndGet();
    try (WsClient ann = agent(t, "ann")) {
      String callId = reservedCall(t, ann, "cm-call");
      JsonObject notSdp = ann.request("1", msg("media.offer").put("callId", callId).put("sdp", "hello"));
      assertThat(notSdp.getString("code")).isEqualTo("bad-offer");
      assertThat(notSdp.getString("field")).isEqualTo("sdp");
      JsonObject tooLong = ann.request("2", msg("media.offer").put("callId", callId)
          .put("sdp", SDP + "a=x:" + "y".repeat(16384)));
      assertThat(tooLong.getString("code")).isEqualTo("invalid-field");
      assertThat(tooLong.getString("field")).isEqualTo("sdp");
      JsonObject missing = ann.request("3", msg("media.offer").put("callId", callId));
      assertThat(missing.getString("code")).isEqualTo("missing-field");

      JsonObject both = ann.request("4", msg("call.transfer").put("callId", callId).put("queue", "sales")
          .put("agentId", "bob"));
      assertThat(both.getString("code")).isEqualTo("invalid-field");
      assertThat(both.getString("field")).isEqualTo("agentId");
      JsonObject neither = ann.request("5", msg("call.transfer").put("callId", callId));
      assertThat(neither.getString("code")).isEqualTo("invalid-field");
      assertThat(neither.getString("field")).isEqualTo("queue");
      JsonObject number = ann.request("6", msg("call.transfer").put("callId", callId).put("queue", 5));
      assertThat(number.getString("code")).isEqualTo("invalid-field");
      JsonObject acdSays = ann.request("7", msg("call.transfer").put("callId", callId).put("queue", "sales"));
      assertThat(acdSays.getString("type")).as("the ACD's own refusal passes through").isEqualTo("error");
      assertThat(acdSays.getString("code")).as("a reserved call is not transferable").isEqualTo("invalid-transition");
      assertThat(ann.request("8", msg("ping")).getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void aTransferGoesThroughTheAcdWhichTellsTheCallsNode() throws Exception {
    String t = "cm" + TENANTS.incrementAndGet();
    try (WsClient ann = agent(t, "ann")) {
      String callId = reservedCall(t, ann, "cm-call");
      assertThat(ann.request("a", msg("call.accept").put("callId", callId)).getString("type")).isEqualTo("ack");
      JsonObject busy = ann.request("1", msg("call.transfer").put("callId", callId).put("agentId", "zed"));
      assertThat(busy.getString("code")).isEqualTo("agent-unavailable");
      assertThat(ann.request("2", msg("call.transfer").put("callId", callId).put("queue", "sales"))
          .getString("type")).isEqualTo("ack");
      AtCallNode told = forwarded();
      assertThat(told.message()).isEqualTo(new CallMessage.CallTransferred(callId, "sales", null));
      assertThat(told.callId()).isEqualTo(callId);
      assertThat(ann.await(m -> "agent.state".equals(m.getString("type")) && "wrap-up".equals(m.getString("state"))))
          .as("the transferring agent goes to wrap-up").isNotNull();
    }
  }
}
