package io.switchboard.cluster.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The one codec of the node bus: every record round trips, and every kind of bad input is refused by name. */
class BusCodecTest {

  /** One sample of every record, with every optional field set. */
  static List<Envelope> samples() {
    return List.of(
        toAgent(new AgentMessage.CallOffered("c-42", "support", "+15551234567", "Bob", 5, 1767224722100L)),
        toAgent(new AgentMessage.CallOffered("c-43", "billing", "+15551234567", null, 0, 1767224722100L, null,
            "vm-0123456789abcdef", 4200L, 1767224700000L)),
        toAgent(new AgentMessage.CallOffered("case-12", "billing", null, null, 0, 1767224722100L, null, null, null,
            1767224700000L, 12L, "Refund for order 1234", "high", 1767311100000L)),
        toAgent(new AgentMessage.CallOffered("cmp-0a1b", "sales", "+15551234567", "Spring: Ana", 5, 1767224722100L,
            "+15551234567", null, null, 1767224700000L, null, null, null, null, null,
            "{\"from\":\"08:00\",\"to\":\"21:00\",\"zone\":\"America/New_York\"}")),
        toAgent(new AgentMessage.CallRevoked("c-42", "no-answer")),
        toAgent(new AgentMessage.AgentStateChanged("reserved", "lunch", 1767224702101L, "c-42")),
        toAgent(new AgentMessage.CallEnded("c-42", "lost", "the caller's connection was lost")),
        toAgent(new AgentMessage.CallDtmf("c-42", "#")),
        toAgent(new AgentMessage.MediaAnswer("c-42", "v=0\r\n")),
        toAgent(new AgentMessage.MediaFailed("c-42", "ice-timeout", "no ICE")),
        toAgent(new AgentMessage.CallHeld("c-42")),
        toAgent(new AgentMessage.CallResumed("c-42")),
        toAgent(new AgentMessage.CallHoldFailed("c-42", true, "no-call", "gone")),
        toAgent(new AgentMessage.RecordingState("c-42", "paused", "all")),
        toAgent(new AgentMessage.RecordingRefused("c-42", "resume", "not-recording", "nothing to resume")),
        toAgent(new AgentMessage.DialProgress("c-42", "ringing")),
        toAgent(new AgentMessage.DialFailed("c-42", "busy", 486, "the line is busy")),
        toAgent(new AgentMessage.MonitorState("c-42", "whisper", "sam")),
        toAgent(new AgentMessage.MonitorState("c-42", "none", "sam", Map.of("mona", "barge"))),
        toAgent(new AgentMessage.MonitorEnded("c-42", "call-ended")),
        toAgent(new AgentMessage.MonitorReply("c-42", "r-1", "a-17", "listen", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n",
            null, null, null)),
        toAgent(new AgentMessage.MonitorReply("c-42", "r-2", "a-17", "barge", null, null, null, null)),
        toAgent(new AgentMessage.MonitorReply("c-42", "r-3", null, null, null, "too-many-monitors", "agentId", "taken")),
        toAgent(new AgentMessage.ConsultOffered("c-42", "alice")),
        toAgent(new AgentMessage.ConsultEnded("c-42", "cancelled")),
        toAgent(new AgentMessage.ConsultEnded("c-42", "declined", "with a customer")),
        toAgent(new AgentMessage.ChatOffered("chat-7", "web", "Carla", 1_700_000_020_000L, 1_700_000_000_000L)),
        toAgent(new AgentMessage.ChatOffered("chat-8", "web", null, 1_700_000_020_000L, null)),
        toAgent(new AgentMessage.ChatRevoked("chat-7", "no-answer")),
        aboutCall(new CallMessage.CallConnected("c-42", "a-17")),
        aboutCall(new CallMessage.CallEnded("c-42", "agent")),
        aboutCall(new CallMessage.CallTransferred("c-42", "sales", null)),
        aboutCall(new CallMessage.MediaOffer("c-42", "a-17", "eu-1", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n")),
        aboutCall(new CallMessage.CallHold("c-42", "a-17", "eu-1")),
        aboutCall(new CallMessage.CallResume("c-42", "a-17", "eu-1")),
        aboutCall(new CallMessage.RecordingControl("c-42", "a-17", "eu-1", "pause")),
        aboutCall(new CallMessage.MonitorStart("c-42", "a-17", "sam", "eu-2", "r-1", "whisper",
            "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n")),
        aboutCall(new CallMessage.MonitorControl("c-42", "sam", "eu-2", "r-2", "mode", "barge")),
        aboutCall(new CallMessage.MonitorControl("c-42", "sam", "eu-2", "r-3", "gone", null)));
  }

  private static Envelope toAgent(AgentMessage m) {
    return new Envelope.ToAgent("acme", "a-17", m);
  }

  private static Envelope aboutCall(CallMessage m) {
    return new Envelope.AboutCall("acme", "c-42", m);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everyRecordRoundTrips(Envelope e) {
    String text = BusCodec.encode(e);
    assertThat(BusCodec.decode(text)).isEqualTo(e);
    assertThat(BusCodec.encode(BusCodec.decode(text))).isEqualTo(text);
  }

  @Test
  void theSamplesCoverEveryRecord() {
    Set<Class<?>> sampled = samples().stream()
        .map(e -> e instanceof Envelope.ToAgent a ? a.message().getClass() : ((Envelope.AboutCall) e).message().getClass())
        .collect(Collectors.toSet());
    Set<Class<?>> all = Stream.concat(Arrays.stream(AgentMessage.class.getPermittedSubclasses()),
        Arrays.stream(CallMessage.class.getPermittedSubclasses())).collect(Collectors.toSet());
    assertThat(sampled).isEqualTo(all);
  }

  @Test
  void agentMessagesAreWrittenAsDocsProtocolShowsThem() {
    assertThat(BusCodec.encode(new AgentMessage.CallOffered("c-42", "support", "+15551234567", null, 5, 1767224722100L)))
        .isEqualTo("{\"type\":\"call.offered\",\"callId\":\"c-42\",\"queue\":\"support\",\"caller\":\"+15551234567\","
            + "\"priority\":5,\"deadline\":1767224722100}");
    assertThat(BusCodec.encode(new AgentMessage.AgentStateChanged("available", null, 1767224701000L, null)))
        .isEqualTo("{\"type\":\"agent.state\",\"state\":\"available\",\"since\":1767224701000}");
    assertThat(BusCodec.encode(new AgentMessage.CallHoldFailed("c-42", false, "not-connected", "m")))
        .isEqualTo("{\"type\":\"call.hold-failed\",\"callId\":\"c-42\",\"hold\":false,\"reason\":\"not-connected\","
            + "\"message\":\"m\"}");
    assertThat(BusCodec.encode(toAgent(new AgentMessage.CallHeld("c-42"))))
        .isEqualTo("{\"tenant\":\"acme\",\"agentId\":\"a-17\",\"message\":{\"type\":\"call.held\",\"callId\":\"c-42\"}}");
  }

  @Test
  void luaStyleEnvelopesDecode() {
    // field order as cjson writes it (any), null-free optional fields left out
    Envelope e = BusCodec.decode("{\"message\":{\"since\":1767224701000,\"type\":\"agent.state\",\"state\":\"away\","
        + "\"reason\":\"no-answer\"},\"agentId\":\"a1\",\"tenant\":\"acme\"}");
    assertThat(e).isEqualTo(new Envelope.ToAgent("acme", "a1",
        new AgentMessage.AgentStateChanged("away", "no-answer", 1767224701000L, null)));
    assertThat(BusCodec.decode("{\"tenant\":\"acme\",\"callId\":\"c1\",\"message\":{\"type\":\"call.ended\","
        + "\"callId\":\"c1\",\"by\":\"agent\"}}"))
        .isEqualTo(new Envelope.AboutCall("acme", "c1", new CallMessage.CallEnded("c1", "agent")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // what is wrong                | envelope                                                                    | field
      "unknown type                   | {'tenant':'t','agentId':'a','message':{'type':'call.bogus','callId':'c'}}   | message.type",
      "call type in an agent envelope | {'tenant':'t','agentId':'a','message':{'type':'call.connected','callId':'c','agentId':'a'}} | message.type",
      "number where a string goes     | {'tenant':'t','agentId':'a','message':{'type':'call.revoked','callId':5,'reason':'x'}} | message.callId",
      "string where a number goes     | {'tenant':'t','agentId':'a','message':{'type':'agent.state','state':'away','since':'1'}} | message.since",
      "fraction where an integer goes | {'tenant':'t','agentId':'a','message':{'type':'agent.state','state':'away','since':1.5}} | message.since",
      "agent state not an ACD state   | {'tenant':'t','agentId':'a','message':{'type':'agent.state','state':'busy','since':1}} | message.state",
      "string where a boolean goes    | {'tenant':'t','agentId':'a','message':{'type':'call.hold-failed','callId':'c','hold':'true','reason':'r','message':'m'}} | message.hold",
      "missing field                  | {'tenant':'t','agentId':'a','message':{'type':'call.revoked','callId':'c'}} | message.reason",
      "null required field            | {'tenant':'t','agentId':'a','message':{'type':'call.revoked','callId':'c','reason':null}} | message.reason",
      "empty required string          | {'tenant':'t','agentId':'a','message':{'type':'call.revoked','callId':'','reason':'x'}} | message.callId",
      "unknown message field          | {'tenant':'t','agentId':'a','message':{'type':'call.held','callId':'c','extra':1}} | message.extra",
      "unknown envelope field         | {'tenant':'t','agentId':'a','node':'n','message':{'type':'call.held','callId':'c'}} | node",
      "missing type                   | {'tenant':'t','agentId':'a','message':{'callId':'c'}}                       | message.type",
      "missing tenant                 | {'agentId':'a','message':{'type':'call.held','callId':'c'}}                 | tenant",
      "message not an object          | {'tenant':'t','agentId':'a','message':'call.held'}                          | message",
      "both envelope forms            | {'tenant':'t','agentId':'a','callId':'c','message':{'type':'call.held','callId':'c'}} | callId",
      "neither envelope form          | {'tenant':'t','message':{'type':'call.held','callId':'c'}}                  | agentId",
      "call id differs from envelope  | {'tenant':'t','callId':'c1','message':{'type':'call.ended','callId':'c2','by':'agent'}} | message.callId",
      "transfer to queue and agent    | {'tenant':'t','callId':'c','message':{'type':'call.transferred','callId':'c','queue':'q','agentId':'a'}} | message",
      "monitor start in a bad mode    | {'tenant':'t','callId':'c','message':{'type':'monitor.start','callId':'c','agentId':'a','supervisorId':'s','supervisorNode':'n','requestId':'r','mode':'spy','sdp':'v=0'}} | message.mode",
      "monitor stop with a mode       | {'tenant':'t','callId':'c','message':{'type':'monitor.control','callId':'c','supervisorId':'s','supervisorNode':'n','requestId':'r','action':'stop','mode':'barge'}} | message",
      "monitor reply both ok and not  | {'tenant':'t','agentId':'a','message':{'type':'monitor.reply','callId':'c','requestId':'r','agentId':'a','mode':'listen','code':'busy','message':'m'}} | code",
      "duplicate key                  | {'tenant':'t','tenant':'u','agentId':'a','message':{'type':'call.held','callId':'c'}} | tenant",
      "supervisor's mode not a string | {'tenant':'t','agentId':'a','message':{'type':'monitor.state','callId':'c','mode':'none','supervisorId':'s','supervisors':{'m':1}}} | message.supervisors.m",
  })
  void badInputIsRefusedNamingTheField(String what, String json, String field) {
    assertThatThrownBy(() -> BusCodec.decode(json.replace('\'', '"')))
        .as(what)
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void theAgentStatesAreTheAcdsStates() {
    assertThat(AgentMessage.AgentStateChanged.STATES).isEqualTo(Arrays.stream(io.switchboard.acd.AgentState.values())
        .map(io.switchboard.acd.AgentState::wire).collect(Collectors.toSet()));
  }

  @Test
  void textThatIsNotAnObjectIsRefused() {
    assertThatThrownBy(() -> BusCodec.decode("not json")).isInstanceOf(WireException.class);
    assertThatThrownBy(() -> BusCodec.decode("[1]")).isInstanceOf(WireException.class);
    assertThatThrownBy(() -> BusCodec.decode("{\"tenant\":\"t\"} trailing")).isInstanceOf(WireException.class);
  }

  @Test
  void recordsCannotBeBuiltHalf() {
    assertThatThrownBy(() -> new AgentMessage.CallRevoked("c", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> new AgentMessage.CallOffered("c", "q", "", null, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caller");
    assertThatThrownBy(() -> new Envelope.AboutCall("t", "c1", new CallMessage.CallEnded("c2", "agent")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
