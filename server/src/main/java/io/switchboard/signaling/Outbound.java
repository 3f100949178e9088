package io.switchboard.signaling;

import io.switchboard.acd.AgentState;
import io.switchboard.acd.CallStatus;
import io.switchboard.acd.TenantStats;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Server → client messages that signaling itself writes. ({@code call.offered}, {@code call.revoked} and
 * {@code agent.state} are written by the ACD and pass through unchanged; see docs/protocol.md.)
 */
public final class Outbound {
  private Outbound() {}

  /**
   * {@code call}: the ACD's view of {@code callId} when known (adds its queue and caller; while reserved the
   * offer's deadline, while connected the answer time, hold and mute: the server is the source of truth for what a
   * reloaded or moved page shows), else null.
   */
  public static JsonObject hello(Principal p, io.switchboard.acd.AgentStatus status, CallStatus call, String node,
      long tokenExpiresAtMs) {
    String state = status.state().wire();
    String callId = status.callId();
    JsonArray roles = new JsonArray();
    for (Role r : Role.values()) {
      if (p.has(r)) {
        roles.add(r.wire());
      }
    }
    JsonObject o = new JsonObject()
        .put("type", "hello")
        .put("agentId", p.subject())
        .put("tenant", p.tenant())
        .put("roles", roles)
        .put("state", state)
        .put("node", node)
        .put("tokenExpiresAt", tokenExpiresAtMs);
    if (status.sinceEpochMs() > 0) { // when the state began (a wrap-up's: when the call ended), the ACD's clock
      o.put("since", status.sinceEpochMs());
    }
    if (status.reason() != null && !status.reason().isEmpty()) {
      o.put("reason", status.reason());
    }
    if (callId != null) {
      o.put("callId", callId);
    }
    if (call != null && call.callId().equals(callId)) {
      o.put("queue", call.queue());
      if (call.caller() != null) {
        o.put("caller", call.caller());
      }
      if (call.callerName() != null) {
        o.put("callerName", call.callerName());
      }
      if (call.deadlineEpochMs() > 0 && "reserved".equals(call.state())) {
        o.put("deadline", call.deadlineEpochMs()).put("priority", call.priority());
        if (call.enqueuedEpochMs() > 0) {
          o.put("enqueuedAt", call.enqueuedEpochMs());
        }
      }
      if (call.callback() != null) {
        o.put("callback", call.callback());
      }
      if (call.preview() != null && "reserved".equals(call.state())) {
        o.put("preview", new JsonObject(call.preview()));
      }
      if (call.contactCard() != null) { // the wrap-up's call-back picker, after a reload too
        o.put("contact", new JsonObject(call.contactCard()));
      }
      if (call.voicemail() != null) {
        o.put("voicemail", call.voicemail()).put("voicemailMs", call.voicemailMs());
      }
      if (call.workCase() != null) {
        o.put("caseId", call.workCase().caseId()).put("subject", call.workCase().subject())
            .put("casePriority", call.workCase().priority()).put("dueAt", call.workCase().dueAtMs());
      }
      if ("connected".equals(call.state())) {
        o.put("answeredAt", call.answeredEpochMs()).put("held", call.held()).put("muted", call.muted());
      }
    }
    return o;
  }

  public static JsonObject ack(String id) {
    return new JsonObject().put("type", "ack").put("id", id);
  }

  public static JsonObject pong(String id) {
    JsonObject o = new JsonObject().put("type", "pong");
    if (id != null) {
      o.put("id", id);
    }
    return o;
  }

  public static JsonObject error(String code, String message, String id, String field) {
    JsonObject o = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (id != null) {
      o.put("id", id);
    }
    if (field != null) {
      o.put("field", field);
    }
    return o;
  }

  /** A queue's goals with the unset ones left out; null when the queue has none (not in the directory). */
  private static JsonObject goals(TenantStats.QueueGoals g) {
    if (g == null) {
      return null;
    }
    JsonObject o = new JsonObject();
    putIfSet(o, "serviceLevelPercent", g.serviceLevelPercent());
    putIfSet(o, "serviceLevelSeconds", g.serviceLevelSeconds());
    putIfSet(o, "asaSeconds", g.asaSeconds());
    putIfSet(o, "abandonPercent", g.abandonPercent());
    putIfSet(o, "ahtSeconds", g.ahtSeconds());
    return o;
  }

  private static void putIfSet(JsonObject o, String key, Integer value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  public static JsonObject stats(TenantStats s) {
    JsonArray queues = new JsonArray();
    for (TenantStats.QueueStats q : s.queues()) {
      queues.add(new JsonObject()
          .put("queue", q.queue())
          .put("waiting", q.waiting())
          .put("longestWaitSeconds", q.longestWaitSeconds())
          .put("offered", q.offered())
          .put("answered", q.answered())
          .put("answeredInTarget", q.answeredInTarget())
          .put("abandoned", q.abandoned())
          .put("lost", q.lost())
          .put("serviceLevelPercent", q.serviceLevelPercent())
          .put("abandonPercent", q.abandonPercent())
          .put("closed", q.closed())
          .put("staffed", q.staffed())
          .put("handleSeconds", Math.round(q.handleMs() / 1000.0))
          .put("estimatedWaitSeconds", q.estimatedWaitSeconds())
          .put("goals", goals(q.goals())));
    }
    JsonObject agents = new JsonObject();
    for (AgentState st : AgentState.values()) {
      Integer n = s.agentsByState().get(st);
      agents.put(st.wire(), n == null ? 0 : n);
    }
    return new JsonObject().put("type", "stats").put("at", s.atEpochMs()).put("queues", queues).put("agents", agents);
  }

  /** {@code away.reasons}: the tenant's away reasons now, {@code [{"id","label"}]} (empty: the ACD's built-in ones). */
  public static JsonObject awayReasons(JsonArray reasons) {
    return new JsonObject().put("type", "away.reasons").put("reasons", reasons);
  }
}
