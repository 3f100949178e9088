package io.switchboard.cluster.wire;

import static io.switchboard.cluster.wire.Wire.optional;
import static io.switchboard.cluster.wire.Wire.required;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A message for an agent's sockets, carried to the node holding them in a {@link Envelope.ToAgent} and handed to
 * the browser as it is on the wire (docs/protocol.md, "Server → client": same {@code type}, same field names).
 * Published by the ACD's Lua scripts ({@code call.offered}, {@code call.revoked}, {@code agent.state},
 * {@code call.ended}, {@code call.dtmf}) and by the call's node ({@code media.*}, {@code call.held} ...).
 * The {@code type} of each record is in {@link BusCodec}; every record reads and writes its own fields.
 */
public sealed interface AgentMessage {

  void write(WireWriter w);

  /**
   * {@code call.offered}: a call was reserved for the agent; answer before {@code deadline} (epoch ms). {@code callback}
   * (E.164, null for a caller on the line): the call is a callback, answering dials that number. {@code enqueuedAt}
   * (epoch ms, null when not known): when the call entered the queue, for the time waited on the agent's banner.
   * {@code caseId} (null for a call): the offer is a case of the queue's backlog (docs/cases.md), with its
   * {@code subject}, {@code casePriority} (low, normal, high, urgent) and {@code dueAt} (epoch ms). {@code preview}
   * (JSON object text, null when not one): the offer is a campaign's preview (docs/campaigns.md, "Preview mode"): the
   * contact's {@code name}, {@code attributes} and previous {@code attempts}; the agent answers preview.call or
   * preview.skip before {@code deadline}. {@code contact} (JSON object text, null when not one): a campaign call's
   * contact {@code zone} and the campaign's calling hours {@code from} and {@code to} (HH:mm), for the wrap-up's
   * call-back picker (docs/campaigns.md, "Call-back times").
   */
  record CallOffered(String callId, String queue, String caller, String callerName, int priority, long deadline,
      String callback, String voicemail, Long voicemailMs, Long enqueuedAt, Long caseId, String subject,
      String casePriority, Long dueAt, String preview, String contact) implements AgentMessage {
    public CallOffered {
      required("callId", callId);
      required("queue", queue);
      optional("caller", caller);
      optional("callerName", callerName);
      optional("callback", callback);
      optional("voicemail", voicemail);
      if ((voicemail == null) != (voicemailMs == null)) {
        throw new WireException("voicemailMs", "comes with voicemail, and only with it");
      }
      if (caseId == null ? subject != null || casePriority != null || dueAt != null
          : subject == null || casePriority == null || dueAt == null) {
        throw new WireException("caseId", "comes with subject, casePriority and dueAt, and only with them");
      }
    }

    /** An offer of no campaign's contact card. */
    public CallOffered(String callId, String queue, String caller, String callerName, int priority, long deadline,
        String callback, String voicemail, Long voicemailMs, Long enqueuedAt, Long caseId, String subject,
        String casePriority, Long dueAt, String preview) {
      this(callId, queue, caller, callerName, priority, deadline, callback, voicemail, voicemailMs, enqueuedAt, caseId,
          subject, casePriority, dueAt, preview, null);
    }

    /** An offer that is no preview. */
    public CallOffered(String callId, String queue, String caller, String callerName, int priority, long deadline,
        String callback, String voicemail, Long voicemailMs, Long enqueuedAt, Long caseId, String subject,
        String casePriority, Long dueAt) {
      this(callId, queue, caller, callerName, priority, deadline, callback, voicemail, voicemailMs, enqueuedAt, caseId,
          subject, casePriority, dueAt, null);
    }

    /** An offer that is no case. */
    public CallOffered(String callId, String queue, String caller, String callerName, int priority, long deadline,
        String callback, String voicemail, Long voicemailMs, Long enqueuedAt) {
      this(callId, queue, caller, callerName, priority, deadline, callback, voicemail, voicemailMs, enqueuedAt, null,
          null, null, null);
    }

    /** An offer of a caller on the line (no callback, no voicemail). */
    public CallOffered(String callId, String queue, String caller, String callerName, int priority, long deadline) {
      this(callId, queue, caller, callerName, priority, deadline, null);
    }

    /** An offer that is no voicemail. */
    public CallOffered(String callId, String queue, String caller, String callerName, int priority, long deadline,
        String callback) {
      this(callId, queue, caller, callerName, priority, deadline, callback, null, null, null);
    }

    static CallOffered read(WireReader r) {
      return new CallOffered(r.str("callId"), r.str("queue"), r.optStr("caller"), r.optStr("callerName"),
          r.integer("priority"), r.lng("deadline"), r.optStr("callback"), r.optStr("voicemail"),
          r.optLng("voicemailMs"), r.optLng("enqueuedAt"), r.optLng("caseId"), r.optStr("subject"),
          r.optStr("casePriority"), r.optLng("dueAt"), r.optObjectJson("preview"),
          r.optObjectJson("contact"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("queue", queue).str("caller", caller).str("callerName", callerName)
          .integer("priority", priority).lng("deadline", deadline).str("callback", callback)
          .str("voicemail", voicemail).optLng("voicemailMs", voicemailMs).optLng("enqueuedAt", enqueuedAt)
          .optLng("caseId", caseId).str("subject", subject).str("casePriority", casePriority).optLng("dueAt", dueAt)
          .objectJson("preview", preview).objectJson("contact", contact);
    }
  }

  /** {@code call.revoked}: an offer was taken back ({@code abandoned}, {@code no-answer}, {@code lost}, {@code closed}). */
  record CallRevoked(String callId, String reason) implements AgentMessage {
    public CallRevoked {
      required("callId", callId);
      required("reason", reason);
    }

    static CallRevoked read(WireReader r) {
      return new CallRevoked(r.str("callId"), r.str("reason"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("reason", reason);
    }
  }

  /**
   * {@code agent.state}: the agent's ACD state changed at {@code since} (epoch ms). {@code state} is one of
   * {@link #STATES} (the wire names of {@code acd.AgentState}, which this package may not depend on).
   */
  record AgentStateChanged(String state, String reason, long since, String callId) implements AgentMessage {
    public static final Set<String> STATES = Set.of("offline", "available", "reserved", "on-call", "wrap-up", "away");

    public AgentStateChanged {
      required("state", state);
      if (!STATES.contains(state)) {
        throw new IllegalArgumentException("state must be one of " + STATES + ", not " + state);
      }
      optional("reason", reason);
      optional("callId", callId);
    }

    static AgentStateChanged read(WireReader r) {
      return new AgentStateChanged(r.oneOf("state", STATES), r.optStr("reason"), r.lng("since"), r.optStr("callId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("state", state).str("reason", reason).lng("since", since).str("callId", callId);
    }
  }

  /** {@code call.ended}: the agent's connected call ended without it ({@code reason} {@code lost}). */
  record CallEnded(String callId, String reason, String message) implements AgentMessage {
    public CallEnded {
      required("callId", callId);
      required("reason", reason);
      required("message", message);
    }

    static CallEnded read(WireReader r) {
      return new CallEnded(r.str("callId"), r.str("reason"), r.str("message"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("reason", reason).str("message", message);
    }
  }

  /** {@code call.dtmf}: the caller of the agent's connected call pressed {@code digit}. */
  record CallDtmf(String callId, String digit) implements AgentMessage {
    public CallDtmf {
      required("callId", callId);
      required("digit", digit);
    }

    static CallDtmf read(WireReader r) {
      return new CallDtmf(r.str("callId"), r.str("digit"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("digit", digit);
    }
  }

  /** {@code media.answer}: the call's node answered the agent's {@code media.offer}. */
  record MediaAnswer(String callId, String sdp) implements AgentMessage {
    public MediaAnswer {
      required("callId", callId);
      required("sdp", sdp);
    }

    static MediaAnswer read(WireReader r) {
      return new MediaAnswer(r.str("callId"), r.str("sdp"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("sdp", sdp);
    }
  }

  /** {@code media.failed}: the agent's leg could not be made or died; it may offer again. */
  record MediaFailed(String callId, String reason, String message) implements AgentMessage {
    public MediaFailed {
      required("callId", callId);
      required("reason", reason);
      required("message", message);
    }

    static MediaFailed read(WireReader r) {
      return new MediaFailed(r.str("callId"), r.str("reason"), r.str("message"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("reason", reason).str("message", message);
    }
  }

  /**
   * {@code call.dial.progress}: the agent's outbound call is {@code ringing} (a 180: the softphone plays ringback),
   * has {@code early-media} (a 183 with SDP; the agent hears it once answered) or was {@code answered} (talk time runs;
   * the agent's media offer is answered now).
   */
  record DialProgress(String callId, String state) implements AgentMessage {
    public static final Set<String> STATES = Set.of("ringing", "early-media", "answered");

    public DialProgress {
      required("callId", callId);
      if (!STATES.contains(state)) {
        throw new IllegalArgumentException("state must be one of " + STATES + ", not " + state);
      }
    }

    static DialProgress read(WireReader r) {
      return new DialProgress(r.str("callId"), r.oneOf("state", STATES));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("state", state);
    }
  }

  /**
   * {@code call.dial.failed}: the agent's outbound call ended unanswered; {@code reason} is one of {@link #REASONS}
   * (docs/protocol.md); the agent is back in the state it dialed from. {@code status}: the SIP status that decided
   * it, 0 when none (no answer, cancelled, no trunk reachable).
   */
  record DialFailed(String callId, String reason, int status, String message) implements AgentMessage {
    public static final Set<String> REASONS = Set.of("busy", "no-answer", "invalid-number", "rejected",
        "trunk-failure", "cancelled");

    public DialFailed {
      required("callId", callId);
      if (!REASONS.contains(reason)) {
        throw new IllegalArgumentException("reason must be one of " + REASONS + ", not " + reason);
      }
      required("message", message);
    }

    static DialFailed read(WireReader r) {
      return new DialFailed(r.str("callId"), r.oneOf("reason", REASONS), r.integer("status"), r.str("message"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("reason", reason).integer("status", status).str("message", message);
    }
  }

  /** {@code call.held}: the call's node put the caller on music on hold. */
  record CallHeld(String callId) implements AgentMessage {
    public CallHeld {
      required("callId", callId);
    }

    static CallHeld read(WireReader r) {
      return new CallHeld(r.str("callId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId);
    }
  }

  /** {@code call.resumed}: back from hold. */
  record CallResumed(String callId) implements AgentMessage {
    public CallResumed {
      required("callId", callId);
    }

    static CallResumed read(WireReader r) {
      return new CallResumed(r.str("callId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId);
    }
  }

  /** {@code call.hold-failed}: the call's node could not carry out a hold ({@code hold}) or resume. */
  record CallHoldFailed(String callId, boolean hold, String reason, String message) implements AgentMessage {
    public CallHoldFailed {
      required("callId", callId);
      required("reason", reason);
      required("message", message);
    }

    static CallHoldFailed read(WireReader r) {
      return new CallHoldFailed(r.str("callId"), r.bool("hold"), r.str("reason"), r.str("message"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).bool("hold", hold).str("reason", reason).str("message", message);
    }
  }

  /**
   * {@code recording.state}: the recording of the agent's connected call is now {@code state} ({@code recording},
   * {@code paused}, {@code off} or {@code failed}); {@code policy} is the queue's ({@code all}, {@code on-demand},
   * {@code none}), so the page knows whether it may offer to record.
   */
  record RecordingState(String callId, String state, String policy) implements AgentMessage {
    public RecordingState {
      required("callId", callId);
      required("state", state);
      required("policy", policy);
    }

    static RecordingState read(WireReader r) {
      return new RecordingState(r.str("callId"), r.str("state"), r.str("policy"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("state", state).str("policy", policy);
    }
  }

  /**
   * {@code recording.refused}: the call's node could not carry out {@code recording.<action>} ({@code reason}:
   * {@code no-call}, {@code not-recording}, {@code not-on-demand}); nothing changed.
   */
  record RecordingRefused(String callId, String action, String reason, String message) implements AgentMessage {
    public RecordingRefused {
      required("callId", callId);
      required("action", action);
      required("reason", reason);
      required("message", message);
    }

    static RecordingRefused read(WireReader r) {
      return new RecordingRefused(r.str("callId"), r.str("action"), r.str("reason"), r.str("message"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("action", action).str("reason", reason).str("message", message);
    }
  }
  /**
   * {@code monitor.state}: to the agent, a supervisor ({@code supervisorId}) now takes part in its call in
   * {@code mode} ({@code whisper}, {@code barge}; {@code listen} only if the tenant shows it), or {@code none} when
   * that stopped; {@code supervisors} is everyone the agent is shown on the call after this change, supervisor id
   * to mode, in the order they joined (empty when nobody), so several supervisors on one call are all listed.
   */
  record MonitorState(String callId, String mode, String supervisorId, Map<String, String> supervisors)
      implements AgentMessage {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    public MonitorState {
      required("callId", callId);
      required("mode", mode);
      required("supervisorId", supervisorId);
      supervisors = Collections.unmodifiableMap(new LinkedHashMap<>(supervisors));
    }

    /** One supervisor's change, with nobody else shown. */
    public MonitorState(String callId, String mode, String supervisorId) {
      this(callId, mode, supervisorId, "none".equals(mode) ? Map.of() : Map.of(supervisorId, mode));
    }

    static MonitorState read(WireReader r) {
      String callId = r.str("callId");
      String mode = r.str("mode");
      String supervisorId = r.str("supervisorId");
      String json = r.optObjectJson("supervisors");
      if (json == null) {
        return new MonitorState(callId, mode, supervisorId);
      }
      Map<String, String> shown = new LinkedHashMap<>();
      try {
        JSON.readTree(json).fields().forEachRemaining(e -> {
          if (!e.getValue().isTextual()) {
            throw new WireException(r.path("supervisors") + "." + e.getKey(), "must be a mode (a string)");
          }
          shown.put(e.getKey(), e.getValue().asText());
        });
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new WireException(r.path("supervisors"), "is not JSON: " + e.getOriginalMessage());
      }
      return new MonitorState(callId, mode, supervisorId, shown);
    }

    @Override
    public void write(WireWriter w) {
      try {
        w.str("callId", callId).str("mode", mode).str("supervisorId", supervisorId)
            .objectJson("supervisors", JSON.writeValueAsString(supervisors));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e); // a map of strings always serializes
      }
    }
  }

  /**
   * {@code monitor.ended}: to the supervisor, its monitor session of {@code callId} ended without its asking
   * ({@code reason}: {@code call-ended}, {@code transferred}, {@code media-<leg close reason>}).
   */
  record MonitorEnded(String callId, String reason) implements AgentMessage {
    public MonitorEnded {
      required("callId", callId);
      required("reason", reason);
    }

    static MonitorEnded read(WireReader r) {
      return new MonitorEnded(r.str("callId"), r.str("reason"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("reason", reason);
    }
  }

  /**
   * {@code monitor.reply}: the call's node carried out a supervisor's forwarded {@code monitor.start} or
   * {@code monitor.control} ({@code requestId}): the session as it is now ({@code agentId}, {@code mode}; {@code sdp}
   * the answer of a start), or refused with {@code code}, {@code field} (may be null) and {@code message}. Taken by
   * the supervisor's node, never handed to a browser as it is.
   */
  record MonitorReply(String callId, String requestId, String agentId, String mode, String sdp, String code,
      String field, String message) implements AgentMessage {
    public MonitorReply {
      required("callId", callId);
      required("requestId", requestId);
      optional("sdp", sdp);
      optional("field", field);
      if (code == null ? agentId == null || mode == null || message != null || field != null
          : agentId != null || mode != null || sdp != null || message == null) {
        throw new WireException("code", "a reply is either agentId and mode (and sdp) or code and message");
      }
    }

    static MonitorReply read(WireReader r) {
      return new MonitorReply(r.str("callId"), r.str("requestId"), r.optStr("agentId"), r.optStr("mode"),
          r.optStr("sdp"), r.optStr("code"), r.optStr("field"), r.optStr("message"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("requestId", requestId).str("agentId", agentId).str("mode", mode).str("sdp", sdp)
          .str("code", code).str("field", field).str("message", message);
    }
  }

  /**
   * {@code call.consult.offered}: agent {@code agentId} asks this agent to consult on its call {@code callId}; the
   * colleague answers {@code call.consult.accept} with its browser's SDP offer.
   */
  record ConsultOffered(String callId, String agentId) implements AgentMessage {
    public ConsultOffered {
      required("callId", callId);
      required("agentId", agentId);
    }

    static ConsultOffered read(WireReader r) {
      return new ConsultOffered(r.str("callId"), r.str("agentId"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("agentId", agentId);
    }
  }

  /**
   * {@code call.consult.ended}: the consult on {@code callId} is over ({@code reason}: {@code cancelled},
   * {@code call-ended}, {@code transferred}, {@code declined}, {@code media-<leg close reason>}); to the colleague, and
   * to the call's agent when it did not end it itself. {@code note}: the colleague's words when it declined, else null.
   */
  record ConsultEnded(String callId, String reason, String note) implements AgentMessage {
    public ConsultEnded {
      required("callId", callId);
      required("reason", reason);
      optional("note", note);
    }

    public ConsultEnded(String callId, String reason) {
      this(callId, reason, null);
    }

    static ConsultEnded read(WireReader r) {
      return new ConsultEnded(r.str("callId"), r.str("reason"), r.optStr("note"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("callId", callId).str("reason", reason).str("note", note);
    }
  }

  /**
   * {@code chat.offered}: a customer's chat was reserved for the agent (acd-chat.lua); accept before {@code deadline}
   * (epoch ms) or it goes to another agent. {@code customerName} is null when the customer gave none.
   */
  record ChatOffered(String chatId, String queue, String customerName, long deadline, Long enqueuedAt)
      implements AgentMessage {
    public ChatOffered {
      required("chatId", chatId);
      required("queue", queue);
      optional("customerName", customerName);
    }

    static ChatOffered read(WireReader r) {
      return new ChatOffered(r.str("chatId"), r.str("queue"), r.optStr("customerName"), r.lng("deadline"),
          r.optLng("enqueuedAt"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("chatId", chatId).str("queue", queue).str("customerName", customerName).lng("deadline", deadline)
          .optLng("enqueuedAt", enqueuedAt);
    }
  }

  /** {@code chat.revoked}: a chat offer was taken back ({@code no-answer}, {@code ended}: the customer left). */
  record ChatRevoked(String chatId, String reason) implements AgentMessage {
    public ChatRevoked {
      required("chatId", chatId);
      required("reason", reason);
    }

    static ChatRevoked read(WireReader r) {
      return new ChatRevoked(r.str("chatId"), r.str("reason"));
    }

    @Override
    public void write(WireWriter w) {
      w.str("chatId", chatId).str("reason", reason);
    }
  }
}
