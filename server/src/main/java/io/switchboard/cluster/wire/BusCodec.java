package io.switchboard.cluster.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.StrictJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one JSON codec of the node bus: every envelope published on a node channel, by a Lua script or by Java, is
 * decoded here, and every one Java publishes is encoded here. Strict ("bad input" rule): malformed JSON, a
 * duplicate key, a missing or wrongly typed field, a field the message does not have or an unknown {@code type}
 * is a {@link WireException} naming the field, and nothing of that message is applied. Thread-safe.
 */
public final class BusCodec {
  private BusCodec() {}

  /** One message type: its {@code type} on the wire, its record, and how to read it. */
  private record Kind<M>(String type, Class<? extends M> record, Function<WireReader, ? extends M> reader) {}

  private static final List<Kind<AgentMessage>> AGENT = List.of(
      new Kind<>("call.offered", AgentMessage.CallOffered.class, AgentMessage.CallOffered::read),
      new Kind<>("call.revoked", AgentMessage.CallRevoked.class, AgentMessage.CallRevoked::read),
      new Kind<>("agent.state", AgentMessage.AgentStateChanged.class, AgentMessage.AgentStateChanged::read),
      new Kind<>("call.ended", AgentMessage.CallEnded.class, AgentMessage.CallEnded::read),
      new Kind<>("call.dtmf", AgentMessage.CallDtmf.class, AgentMessage.CallDtmf::read),
      new Kind<>("media.answer", AgentMessage.MediaAnswer.class, AgentMessage.MediaAnswer::read),
      new Kind<>("media.failed", AgentMessage.MediaFailed.class, AgentMessage.MediaFailed::read),
      new Kind<>("call.held", AgentMessage.CallHeld.class, AgentMessage.CallHeld::read),
      new Kind<>("call.resumed", AgentMessage.CallResumed.class, AgentMessage.CallResumed::read),
      new Kind<>("call.hold-failed", AgentMessage.CallHoldFailed.class, AgentMessage.CallHoldFailed::read),
      new Kind<>("recording.state", AgentMessage.RecordingState.class, AgentMessage.RecordingState::read),
      new Kind<>("recording.refused", AgentMessage.RecordingRefused.class, AgentMessage.RecordingRefused::read),
      new Kind<>("call.dial.progress", AgentMessage.DialProgress.class, AgentMessage.DialProgress::read),
      new Kind<>("call.dial.failed", AgentMessage.DialFailed.class, AgentMessage.DialFailed::read),
      new Kind<>("monitor.state", AgentMessage.MonitorState.class, AgentMessage.MonitorState::read),
      new Kind<>("monitor.ended", AgentMessage.MonitorEnded.class, AgentMessage.MonitorEnded::read),
      new Kind<>("monitor.reply", AgentMessage.MonitorReply.class, AgentMessage.MonitorReply::read),
      new Kind<>("call.consult.offered", AgentMessage.ConsultOffered.class, AgentMessage.ConsultOffered::read),
      new Kind<>("call.consult.ended", AgentMessage.ConsultEnded.class, AgentMessage.ConsultEnded::read),
      new Kind<>("chat.offered", AgentMessage.ChatOffered.class, AgentMessage.ChatOffered::read),
      new Kind<>("chat.revoked", AgentMessage.ChatRevoked.class, AgentMessage.ChatRevoked::read));

  private static final List<Kind<CallMessage>> CALL = List.of(
      new Kind<>("call.connected", CallMessage.CallConnected.class, CallMessage.CallConnected::read),
      new Kind<>("call.ended", CallMessage.CallEnded.class, CallMessage.CallEnded::read),
      new Kind<>("call.transferred", CallMessage.CallTransferred.class, CallMessage.CallTransferred::read),
      new Kind<>("media.offer", CallMessage.MediaOffer.class, CallMessage.MediaOffer::read),
      new Kind<>("call.hold", CallMessage.CallHold.class, CallMessage.CallHold::read),
      new Kind<>("call.resume", CallMessage.CallResume.class, CallMessage.CallResume::read),
      new Kind<>("recording.control", CallMessage.RecordingControl.class, CallMessage.RecordingControl::read),
      new Kind<>("monitor.start", CallMessage.MonitorStart.class, CallMessage.MonitorStart::read),
      new Kind<>("monitor.control", CallMessage.MonitorControl.class, CallMessage.MonitorControl::read));

  private static final List<Kind<ChatEvent>> CHAT = List.of(
      new Kind<>("chat.line", ChatEvent.ChatLine.class, ChatEvent.ChatLine::read),
      new Kind<>("chat.typing", ChatEvent.ChatTyping.class, ChatEvent.ChatTyping::read),
      new Kind<>("chat.joined", ChatEvent.ChatJoined.class, ChatEvent.ChatJoined::read),
      new Kind<>("chat.ended", ChatEvent.ChatEnded.class, ChatEvent.ChatEnded::read));

  private static final Map<String, Kind<AgentMessage>> AGENT_BY_TYPE = byType(AGENT);
  private static final Map<String, Kind<ChatEvent>> CHAT_BY_TYPE = byType(CHAT);
  private static final Map<String, Kind<CallMessage>> CALL_BY_TYPE = byType(CALL);
  private static final Map<Class<?>, String> TYPE_OF = typeOf();

  /** The wire {@code type} of a message (for logs and the encoders). */
  public static String type(AgentMessage m) {
    return TYPE_OF.get(m.getClass());
  }

  public static String type(CallMessage m) {
    return TYPE_OF.get(m.getClass());
  }

  public static String type(ChatEvent e) {
    return TYPE_OF.get(e.getClass());
  }

  /** The text published on the chat channel: the event's fields beside its {@code type}. */
  public static String encode(ChatEvent e) {
    ObjectNode o = StrictJson.MAPPER.createObjectNode().put("type", type(e));
    e.write(new WireWriter(o));
    return text(o);
  }

  /** Reads one event published on the chat channel; refuses it whole with a {@link WireException}. */
  public static ChatEvent decodeChat(String text) {
    ObjectNode root;
    try {
      root = StrictJson.parseObject(text);
    } catch (StrictJson.JsonError e) {
      throw new WireException(e.field(), e.getMessage());
    }
    try {
      return read(new WireReader(root, ""), CHAT_BY_TYPE);
    } catch (IllegalArgumentException e) { // a record's own check: its message starts with the field's name
      throw new WireException(e.getMessage().split(" ", 2)[0], e.getMessage());
    }
  }

  /** The text published on a node channel. */
  public static String encode(Envelope e) {
    ObjectNode o = StrictJson.MAPPER.createObjectNode();
    o.put("tenant", e.tenant());
    if (e instanceof Envelope.ToAgent a) {
      o.put("agentId", a.agentId());
      o.set("message", json(a.message()));
    } else if (e instanceof Envelope.AboutCall c) {
      o.put("callId", c.callId());
      o.set("message", json(c.message()));
    }
    return text(o);
  }

  /** An agent message alone, as its sockets receive it (docs/protocol.md, "Server → client"). */
  public static String encode(AgentMessage m) {
    return text(json(m));
  }

  /** Reads one envelope published on a node channel; refuses it whole with a {@link WireException}. */
  public static Envelope decode(String text) {
    ObjectNode root;
    try {
      root = StrictJson.parseObject(text);
    } catch (StrictJson.JsonError e) {
      throw new WireException(e.field(), e.getMessage());
    }
    WireReader env = new WireReader(root, "");
    boolean toAgent = env.has("agentId");
    if (toAgent == env.has("callId")) {
      throw new WireException(toAgent ? "callId" : "agentId",
          toAgent ? "cannot be in an envelope with agentId" : "is required (or callId, for a call envelope)");
    }
    try {
      return toAgent ? toAgent(env) : aboutCall(env);
    } catch (IllegalArgumentException e) { // a record's own check (e.g. a transfer to both a queue and an agent)
      throw new WireException("message", e.getMessage());
    }
  }

  private static Envelope toAgent(WireReader env) {
    String tenant = env.str("tenant");
    String agentId = env.str("agentId");
    AgentMessage m = read(env.object("message"), AGENT_BY_TYPE);
    env.end();
    return new Envelope.ToAgent(tenant, agentId, m);
  }

  private static Envelope aboutCall(WireReader env) {
    String tenant = env.str("tenant");
    String callId = env.str("callId");
    CallMessage m = read(env.object("message"), CALL_BY_TYPE);
    env.end();
    if (!callId.equals(m.callId())) {
      throw new WireException("message.callId", "differs from the envelope's callId " + callId);
    }
    return new Envelope.AboutCall(tenant, callId, m);
  }

  /** The one dispatcher on {@code type}: looks the reader up, reads every field, refuses leftovers. */
  private static <M> M read(WireReader r, Map<String, Kind<M>> kinds) {
    String type = r.str("type");
    Kind<M> kind = kinds.get(type);
    if (kind == null) {
      throw new WireException(r.path("type"), "names no message of this envelope: '" + type + "'");
    }
    M m = kind.reader().apply(r);
    r.end();
    return m;
  }

  private static ObjectNode json(AgentMessage m) {
    ObjectNode o = StrictJson.MAPPER.createObjectNode().put("type", type(m));
    m.write(new WireWriter(o));
    return o;
  }

  private static ObjectNode json(CallMessage m) {
    ObjectNode o = StrictJson.MAPPER.createObjectNode().put("type", type(m));
    m.write(new WireWriter(o));
    return o;
  }

  private static String text(ObjectNode o) {
    try {
      return StrictJson.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }

  private static <M> Map<String, Kind<M>> byType(List<Kind<M>> kinds) {
    Map<String, Kind<M>> out = new HashMap<>();
    for (Kind<M> k : kinds) {
      if (out.put(k.type(), k) != null) {
        throw new IllegalStateException("two records for " + k.type());
      }
    }
    return Map.copyOf(out);
  }

  private static Map<Class<?>, String> typeOf() {
    Map<Class<?>, String> out = new HashMap<>();
    AGENT.forEach(k -> out.put(k.record(), k.type()));
    CALL.forEach(k -> out.put(k.record(), k.type()));
    CHAT.forEach(k -> out.put(k.record(), k.type()));
    return Map.copyOf(out);
  }
}
