package io.switchboard.call;

import static io.switchboard.call.BridgeNode.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.directory.IfMatch;
import io.switchboard.directory.Kind;
import io.switchboard.signaling.WsClient;
import io.switchboard.sip.SipResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code call.consult} with {@code teamLeader} or {@code queueId} instead of a colleague's id, on a real node: the ACD
 * picks the agent's team leader, or the queue's longest idle available agent, and reserves it in the same script; the
 * ack names whom it picked and that one is offered the consult. Then every refusal (no team leader, none available,
 * an unknown queue, another tenant's queue, more than one target) is clear, names its field and changes nothing.
 */
class ConsultTargetsIT {
  @RegisterExtension
  static final BridgeNode fx = new BridgeNode("consult-targets-it", Map.of());
  static final FakeWebRtc webrtc = new FakeWebRtc();

  @BeforeAll
  static void attachFakeLegs() {
    fx.node().calls().attachWebRtc(webrtc);
  }

  static JsonObject consult(WsClient who, String id, String callId, String field, Object value) {
    return who.request(id, msg("call.consult").put("callId", callId).put(field, value));
  }

  static void assertRefused(JsonObject reply, String code, String field) {
    assertThat(reply.getString("code")).as("%s", reply).isEqualTo(code);
    assertThat(reply.getString("field")).as("%s", reply).isEqualTo(field);
  }

  @Test
  void aQueuePicksItsLongestIdleAgentAndTheTeamLeaderOption() throws Exception {
    SipResponse[] ok = new SipResponse[1];
    try (SipCaller caller = fx.caller();
         WsClient alice = fx.agent("alice");
         WsClient bob = fx.agent("bob");
         WsClient dave = fx.agent("dave")) {
      String callId = fx.connected(caller, alice, ok, webrtc);
      BridgeNode.available(bob);
      Thread.sleep(50);
      BridgeNode.available(dave);

      // support: bob and dave are idle in it, bob for longer
      JsonObject support = consult(alice, "10", callId, "queueId", "support");
      assertThat(support.getString("type")).as("%s", support).isEqualTo("ack");
      assertThat(support.getString("agentId")).isEqualTo("bob");
      assertThat(bob.next("call.consult.offered").getString("agentId")).isEqualTo("alice");
      assertThat(dave.drain(300)).noneMatch(m -> "call.consult.offered".equals(m.getString("type")));
      assertThat(consult(alice, "11", callId, "queueId", "support").getString("code")).isEqualTo("busy");
      assertThat(alice.request("12", msg("call.consult.cancel").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      assertThat(bob.next("call.consult.ended").getString("reason")).isEqualTo("cancelled");

      // billing: bob does not serve it, dave does
      JsonObject billing = consult(alice, "13", callId, "queueId", "billing");
      assertThat(billing.getString("agentId")).as("%s", billing).isEqualTo("dave");
      dave.next("call.consult.offered");
      assertThat(alice.request("14", msg("call.consult.cancel").put("callId", callId)).getString("type"))
          .isEqualTo("ack");
      dave.next("call.consult.ended");

      // sales: alice (on this call) and carol (offline) serve it
      assertRefused(consult(alice, "15", callId, "queueId", "sales"), "agent-unavailable", "queueId");
      assertRefused(consult(alice, "16", callId, "queueId", "nope"), "unknown-queue", "queueId");
      fx.node().directory().createTenant("initech").await();
      JsonObject helpdesk = fx.node().directory().get("demo", Kind.QUEUE, "billing").await().orElseThrow().copy();
      helpdesk.remove("id");
      helpdesk.remove("version");
      fx.node().directory().put("initech", Kind.QUEUE, "helpdesk", helpdesk.put("requiredSkills", new JsonObject()),
          null).await();
      assertRefused(consult(alice, "17", callId, "queueId", "helpdesk"), "unknown-queue", "queueId");

      // the team leader: terry leads tier1 (alice's team) but takes no calls, then does and signs in
      assertRefused(consult(alice, "18", callId, "teamLeader", true), "agent-unavailable", "teamLeader");
      JsonObject terryDoc = fx.node().directory().get("demo", Kind.AGENT, "terry").await().orElseThrow();
      terryDoc.remove("id");
      terryDoc.remove("version");
      fx.node().directory().put("demo", Kind.AGENT, "terry",
          terryDoc.put("roles", new JsonArray().add("agent").add("team-leader")), IfMatch.ANY).await();
      assertRefused(consult(alice, "19", callId, "teamLeader", true), "agent-unavailable", "teamLeader");
      try (WsClient terry = fx.agent("terry")) {
        BridgeNode.available(terry);
        JsonObject leader = consult(alice, "20", callId, "teamLeader", true);
        assertThat(leader.getString("type")).as("%s", leader).isEqualTo("ack");
        assertThat(leader.getString("agentId")).isEqualTo("terry");
        assertThat(terry.next("call.consult.offered").getString("callId")).isEqualTo(callId);
        assertThat(terry.request("21", msg("call.consult.accept").put("callId", callId)
            .put("sdp", BridgeFakeLegIT.OFFER)).getString("type")).isEqualTo("call.consult.accepted");
        webrtc.last().connect();
        assertThat(alice.request("22", msg("call.consult.cancel").put("callId", callId)).getString("type"))
            .isEqualTo("ack");
        terry.next("call.consult.ended");

        // a team without a leader
        JsonObject team = fx.node().directory().get("demo", Kind.TEAM, "tier1").await().orElseThrow();
        team.remove("id");
        team.remove("version");
        team.remove("leader");
        fx.node().directory().put("demo", Kind.TEAM, "tier1", team, IfMatch.ANY).await();
        assertRefused(consult(alice, "23", callId, "teamLeader", true), "no-team-leader", "teamLeader");
        assertThat(terry.drain(300)).noneMatch(m -> "call.consult.offered".equals(m.getString("type")));
      }

      // exactly one target, teamLeader a JSON true
      assertRefused(alice.request("24", msg("call.consult").put("callId", callId).put("agentId", "bob")
          .put("queueId", "support")), "invalid-field", "queueId");
      assertRefused(consult(alice, "25", callId, "teamLeader", false), "invalid-field", "teamLeader");
      assertRefused(consult(alice, "26", callId, "teamLeader", "true"), "invalid-field", "teamLeader");
      assertRefused(alice.request("27", msg("call.consult").put("callId", callId)), "missing-field", "agentId");
      assertThat(bob.drain(300)).as("refusals offer nothing").noneMatch(m -> "call.consult.offered"
          .equals(m.getString("type")));

      assertThat(alice.request("28", msg("call.hangup").put("callId", callId)).getString("type")).isEqualTo("ack");
      RecordingSteps.wrapUp(alice, callId);
    }
    fx.assertNothingLeft(webrtc::activeLegs);
  }
}
