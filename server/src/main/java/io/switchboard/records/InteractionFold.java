package io.switchboard.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The interaction record of one call, folded from ALL the call's events. Pure: the result depends only on the set of
 * events given (they are put in stream order, entry id, first), so refolding after any delivery order or any
 * duplicate gives the same row.
 *
 * <p>What each event does (fields as the ACD's Lua scripts write them):
 * <ul>
 *   <li>call.enqueued: arrival (caller, language, queue, priority, region; its timeline step keeps the flow path);
 *       call.overflowed / call.transferred move the call to another queue ({@code finalQueue}).
 *   <li>call.reserved opens an offer (a leg); call.accepted answers it (the first answer sets the call's answer,
 *       agent and wait), call.rejected rejects it, call.revoked misses it (no answer in time, or the agent's socket
 *       went away while it rang); an offer still open when the caller leaves, the call is lost or another agent
 *       takes it is withdrawn.
 *   <li>call.held / call.resumed: hold intervals of the talking leg (a hold still running when the talk ends ends
 *       with it); call.ended / call.transferred end the talking leg's talk (talk = answer to end, minus hold).
 *   <li>wrapup.done ends the wrap-up of that agent's last leg that ended its talk; its disposition and notes (when
 *       the agent gave them) are the call's.
 *   <li>recording.started / paused / resumed / stopped / failed: steps of the timeline only (with recordingId).
 *   <li>monitor.started / changed / ended: a supervisor's listen, whisper or barge; steps of the timeline only
 *       (with supervisor and mode).
 *   <li>call.dialed (an agent dialed out: direction outbound, caller = the number dialed, callerId, queue) opens
 *       the agent's leg; call.dial.answered answers it (wait = ringing time); call.dial.failed ends the call unanswered
 *       with its outcome (busy, no-answer, invalid-number, rejected, trunk-failure, cancelled).
 *   <li>call.abandoned / call.lost / call.closed / call.ended end the call. Outcome: open while not ended; else
 *       answered when it was ever answered, else abandoned, lost, closed (its queue's business hours closed while it
 *       waited) or turned-away (it arrived while they were closed: call.closed with atArrival, the call's only event;
 *       it never waited nor was offered to an agent).
 *   <li>callbacks (docs/callbacks.md): call.callback-requested (the caller left, the call kept its place: a step with
 *       the number), call.callback-dialing (an agent accepted, its node dials: a step), call.callback-attempt (one
 *       attempt's outcome: unless answered it closes the agent's offer with that outcome, busy, no-answer ...; the
 *       answer itself comes as call.accepted), call.callback-failed (the last attempt failed: outcome callback-failed).
 *   <li>call.voicemail (docs/voicemail.md): the caller left a message, now a virtual call in its queue: the arrival
 *       of a call the ACD did not hold (from a flow's voicemail node, or after hours), or the reopening of one its
 *       queue closed on while it waited (the closing no longer ends it); a step with the recordingId, its length and
 *       the flow path. Its answer (call.accepted) is the agent taking the message; call.ended ends it as any call.
 *   <li>call.flow-ended: the call ended in its number's flow before any queue (its only event: no queue, never
 *       offered); outcome ended-in-flow, ended by flow (a hang-up node), caller, failure or transfer (a transfer node
 *       connected it to a number: a transferred step, transferKind number, at the answer, with the number, trunk,
 *       talk and who hung up, before the flow-ended one).
 * </ul>
 * The call's talk and hold are the sums over its legs; its wrap-up is that of its last answered leg.
 * Timeline kinds are listed in docs/reports.md ("Interactions").
 *
 * <p>Thread-safe (stateless).
 */
public final class InteractionFold {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The call ids of cases offered as work items (acd.CaseBacklog.CALL_PREFIX; records do not depend on the ACD). */
  static final String CASE_PREFIX = "case-";
  static final Comparator<StreamEvent> STREAM_ORDER =
      Comparator.comparingLong((StreamEvent e) -> entryPart(e.entryId(), 0)).thenComparingLong(e -> entryPart(e.entryId(), 1));

  private InteractionFold() {}

  /**
   * The record of call {@code callId} of {@code tenant}; empty when none of its events is a call.* event, or when it is
   * a case offered from a backlog (call id {@code case-<id>}: no interaction, the case keeps its own history).
   */
  public static Optional<Interaction> fold(String tenant, String callId, List<StreamEvent> events) {
    if (callId.startsWith(CASE_PREFIX)) {
      return Optional.empty();
    }
    List<StreamEvent> ordered = new ArrayList<>(events);
    ordered.sort(STREAM_ORDER);
    State s = new State();
    for (StreamEvent e : ordered) {
      if (e.type().startsWith("call.") || e.type().equals("wrapup.done") || e.type().startsWith("monitor.")
          || e.type().startsWith("recording.")) {
        s.apply(e);
      }
    }
    if (!s.seen) {
      return Optional.empty();
    }
    return Optional.of(s.result(tenant, callId));
  }

  static long entryPart(String entryId, int part) {
    int dash = entryId.indexOf('-');
    try {
      return Long.parseLong(part == 0 ? entryId.substring(0, dash) : entryId.substring(dash + 1));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** One offer, while folding. */
  private static final class Leg {
    final int seq;
    final String agent;
    final String queue;
    final long offeredAt;
    String outcome = "open";
    Long answeredAt;
    Long endedAt;
    long hold;
    Long holdStart;
    long wrap;
    boolean wrapped;
    boolean transferred;

    Leg(int seq, String agent, String queue, long offeredAt) {
      this.seq = seq;
      this.agent = agent;
      this.queue = queue;
      this.offeredAt = offeredAt;
    }

    boolean talking() {
      return answeredAt != null && endedAt == null;
    }

    long talk() {
      return answeredAt == null || endedAt == null ? 0 : Math.max(0, endedAt - answeredAt - hold);
    }

    void endTalk(long at) {
      if (holdStart != null) {
        hold += Math.max(0, at - holdStart);
        holdStart = null;
      }
      endedAt = at;
    }
  }

  private static final class State {
    boolean seen;
    Long arrivedAt;
    String caller;
    String language;
    String queue;
    String finalQueue;
    Integer priority;
    String region;
    Long answeredAt;
    String agent;
    Long endedAt;
    String endedBy;
    String unansweredEnd;
    long waitMs;
    int holdCount;
    int transfers;
    String disposition;
    String notes;
    String direction = "inbound";
    String callerId;
    final List<Leg> legs = new ArrayList<>();
    final List<Map<String, Object>> timeline = new ArrayList<>();

    void apply(StreamEvent e) {
      seen = true;
      long at = e.tsMillis();
      Map<String, String> f = e.fields();
      String a = nz(f.get("agentId"));
      if (arrivedAt == null) {
        arrivedAt = at;  // no call.enqueued first (it was lost or purged): the first event is the arrival
      }
      switch (e.type()) {
        case "call.enqueued" -> enqueued(at, f);
        case "call.dialed" -> dialed(at, a, f);
        case "call.dial.answered" -> accepted(at, a, f);
        case "call.dial.failed" -> {
          String outcome = nz(f.get("outcome"));
          closeOffer(a, outcome == null ? "failed" : outcome);
          end(at, nz(f.get("by")), outcome == null ? "rejected" : outcome);
          step(at, "dial-failed", a, f.get("queue")).put("outcome", outcome);
        }
        case "call.reserved" -> {
          Leg leg = new Leg(legs.size() + 1, a == null ? "" : a, nz(f.get("queue")), at);
          legs.add(leg);
          step(at, "offered", a, f.get("queue"));
        }
        case "call.accepted" -> accepted(at, a, f);
        case "call.rejected" -> {
          closeOffer(a, "rejected");
          step(at, "rejected", a, f.get("queue"));
        }
        case "call.revoked" -> {
          closeOffer(a, "missed");
          step(at, "missed", a, f.get("queue")).put("reason", nz(f.get("reason")));
        }
        case "call.held" -> held(at, a, f);
        case "call.resumed" -> resumed(at, a, f);
        case "call.transferred" -> transferred(at, a, f);
        case "call.overflowed" -> {
          finalQueue = nz(f.get("queue"));
          step(at, "overflowed", null, f.get("queue")).put("from", nz(f.get("from")));
        }
        case "call.widened" -> step(at, "widened", null, f.get("queue")).put("region", nz(f.get("region")));
        case "call.abandoned" -> {
          withdrawOpenOffers(null);
          String by = "reconcile".equals(f.get("reason")) ? "reconcile" : "caller";
          end(at, by, "abandoned");
          step(at, "abandoned", null, f.get("queue")).put("waitSeconds", seconds(at - arrivedAt));
        }
        case "call.closed" -> {
          boolean atArrival = "1".equals(f.get("atArrival"));
          if (atArrival && queue == null) {
            queue = nz(f.get("queue"));
            finalQueue = queue;
            caller = nz(f.get("caller"));
            region = nz(f.get("region"));
          }
          withdrawOpenOffers(null);
          end(at, "closed", atArrival ? "turned-away" : "closed");
          step(at, atArrival ? "turned-away" : "closed", null, f.get("queue"))
              .put("waitSeconds", seconds(at - arrivedAt));
        }
        case "call.voicemail" -> voicemail(at, f);
        case "call.flow-ended" -> {
          if (caller == null) {
            caller = nz(f.get("caller"));
            language = nz(f.get("language"));
            region = nz(f.get("region"));
          }
          end(at, nz(f.get("by")), "ended-in-flow");
          String number = nz(f.get("transferNumber"));
          if (number != null) { // its flow transferred it to a number, answered there: that call is over now
            Integer talkMs = integer(f.get("talkMs"));
            long talk = talkMs == null ? 0 : talkMs;
            Map<String, Object> step = step(at - talk, "transferred", null, null);
            step.put("transferKind", "number");
            step.put("number", number);
            step.put("trunk", nz(f.get("transferTrunk")));
            step.put("talkSeconds", seconds(talk));
            step.put("hungUpBy", nz(f.get("hungUpBy")));
          }
          step(at, "flow-ended", null, null).put("flow", nz(f.get("flow")));
        }
        case "call.lost" -> {
          withdrawOpenOffers(null);
          Leg talking = talking(null);
          if (talking != null) {
            talking.endTalk(at);
          }
          end(at, "node-lost", "lost");
          step(at, "lost", null, f.get("queue")).put("reason", nz(f.get("reason")));
        }
        case "call.ended" -> {
          Leg talking = talking(a);
          if (talking != null) {
            talking.endTalk(at);
          }
          String by = nz(f.get("by"));
          end(at, by, null);
          Map<String, Object> step = step(at, "ended", a, f.get("queue"));
          step.put("by", by);
          step.put("talkSeconds", seconds(talking == null ? 0 : talking.talk()));
        }
        case "call.callback-requested" -> step(at, "callback-requested", null, f.get("queue"))
            .put("number", nz(f.get("number")));
        case "call.callback-dialing" -> step(at, "callback-dialing", a, f.get("queue"))
            .put("attempt", integer(f.get("attempt")));
        case "call.callback-attempt" -> {
          String outcome = nz(f.get("outcome"));
          if (!"answered".equals(outcome)) {
            closeOffer(a, outcome == null ? "failed" : outcome);
          }
          Map<String, Object> step = step(at, "callback-attempt", a, f.get("queue"));
          step.put("attempt", integer(f.get("attempt")));
          step.put("outcome", outcome);
        }
        case "call.callback-failed" -> {
          withdrawOpenOffers(null);
          end(at, nz(f.get("by")), "callback-failed");
          step(at, "callback-failed", null, f.get("queue")).put("attempts", integer(f.get("attempts")));
        }
        case "call.restored" -> restored(at, a, f);
        case "wrapup.done" -> wrapupDone(at, a, f);
        case "recording.started", "recording.paused", "recording.resumed", "recording.stopped",
            "recording.failed" -> step(at, e.type().replace('.', '-'), a, f.get("queue"))
            .put("recordingId", nz(f.get("recordingId")));
        case "call.consult.declined" -> { // the consulted colleague declined (docs/consult.md)
          Map<String, Object> step = step(at, "consult-declined", a, f.get("queue"));
          step.put("to", nz(f.get("to")));
          step.put("reason", nz(f.get("reason")));
        }
        case "monitor.started", "monitor.changed", "monitor.ended" -> {
          Map<String, Object> step = step(at, e.type().replace('.', '-'), a, f.get("queue"));
          step.put("supervisor", nz(f.get("supervisorId")));
          step.put("mode", nz(f.get("mode")));
        }
        default -> {
          // call.dtmf (digits may be secrets: not recorded) and types this version does not know
        }
      }
    }

    private void enqueued(long at, Map<String, String> f) {
      if (queue == null) {
        caller = nz(f.get("caller"));
        language = nz(f.get("language"));
        queue = nz(f.get("queue"));
        finalQueue = queue;
        priority = integer(f.get("priority"));
        region = nz(f.get("region"));
      }
      Map<String, Object> step = step(at, "queued", null, f.get("queue"));
      if (priority != null) {
        step.put("priority", priority);
      }
      if (nz(f.get("region")) != null) {
        step.put("region", f.get("region"));
      }
      if (nz(f.get("flow")) != null) {
        step.put("flow", f.get("flow"));  // the way it came through its number's flow
      }
    }

    private void voicemail(long at, Map<String, String> f) {
      if (queue == null) {
        caller = nz(f.get("caller"));
        language = nz(f.get("language"));
        queue = nz(f.get("queue"));
        finalQueue = queue;
        region = nz(f.get("region"));
        priority = integer(f.get("priority"));
      }
      if (answeredAt == null) { // closed while it waited: the message keeps it going
        endedAt = null;
        endedBy = null;
        unansweredEnd = null;
      }
      Map<String, Object> step = step(at, "voicemail", null, f.get("queue"));
      step.put("recordingId", nz(f.get("recordingId")));
      Integer ms = integer(f.get("durationMs"));
      step.put("durationSeconds", ms == null ? null : seconds(ms));
      step.put("flow", nz(f.get("flow")));
      if ("1".equals(f.get("afterHours"))) {
        step.put("afterHours", true);
      }
    }

    /**
     * An agent dialed out: the call is outbound, its "caller" the number dialed, and its one leg the agent's, open
     * (ringing) until call.dial.answered (answered) or call.dial.failed (its outcome).
     */
    private void dialed(long at, String a, Map<String, String> f) {
      direction = "outbound";
      caller = nz(f.get("number"));
      callerId = nz(f.get("callerId"));
      queue = nz(f.get("queue"));
      finalQueue = queue;
      region = nz(f.get("region"));
      if (legs.isEmpty()) {
        legs.add(new Leg(1, a == null ? "" : a, queue, at));
      }
      step(at, "dialed", a, f.get("queue")).put("number", caller);
    }

    private void accepted(long at, String a, Map<String, String> f) {
      Leg leg = openOffer(a);
      if (leg == null) {  // accepted without an offer on record (a reconciled accept): the leg starts here
        leg = new Leg(legs.size() + 1, a == null ? "" : a, nz(f.get("queue")), at);
        legs.add(leg);
      }
      withdrawOpenOffers(leg);
      leg.outcome = "answered";
      leg.answeredAt = at;
      Map<String, Object> step = step(at, "answered", a, f.get("queue"));
      if (answeredAt == null) {
        answeredAt = at;
        agent = a;
        waitMs = Math.max(0, at - arrivedAt);
        step.put("waitSeconds", seconds(waitMs));
      }
    }

    private void held(long at, String a, Map<String, String> f) {
      Leg leg = talking(a);
      if (leg != null && leg.holdStart == null) {
        leg.holdStart = at;
        holdCount++;
      }
      step(at, "held", a, f.get("queue"));
    }

    private void resumed(long at, String a, Map<String, String> f) {
      Leg leg = talking(a);
      long held = 0;
      if (leg != null && leg.holdStart != null) {
        held = Math.max(0, at - leg.holdStart);
        leg.hold += held;
        leg.holdStart = null;
      }
      step(at, "resumed", a, f.get("queue")).put("holdSeconds", seconds(held));
    }

    private void transferred(long at, String a, Map<String, String> f) {
      Leg leg = talking(a);
      if (leg != null) {
        leg.endTalk(at);
        leg.transferred = true;
      }
      transfers++;
      finalQueue = nz(f.get("queue"));
      String to = nz(f.get("to"));
      Map<String, Object> step = step(at, "transferred", a, f.get("queue"));
      String kind = nz(f.get("kind")); // warm: the consulted colleague took the call (docs/consult.md)
      step.put("transferKind", kind != null ? kind : to == null ? "queue" : "agent");
      step.put("from", nz(f.get("from")));
      if (to != null) {
        step.put("to", to);
      }
      step.put("talkSeconds", seconds(leg == null ? 0 : leg.talk()));
    }

    private void restored(long at, String a, Map<String, String> f) {
      Map<String, Object> step = step(at, "restored", a, f.get("queue"));
      step.put("state", nz(f.get("state")));
      if ("connected".equals(f.get("state")) && a != null && talking(a) == null) {
        // Redis had lost the call while it was connected: the talk is known from here on
        Leg leg = new Leg(legs.size() + 1, a, nz(f.get("queue")), at);
        leg.outcome = "answered";
        leg.answeredAt = at;
        legs.add(leg);
        if (answeredAt == null) {
          answeredAt = at;
          agent = a;
          waitMs = Math.max(0, at - arrivedAt);
        }
      }
    }

    private void wrapupDone(long at, String a, Map<String, String> f) {
      Leg leg = null;
      for (int i = legs.size() - 1; i >= 0; i--) {
        Leg l = legs.get(i);
        if (l.agent.equals(a) && l.endedAt != null && !l.wrapped) {
          leg = l;
          break;
        }
      }
      if (leg != null) {
        leg.wrap = Math.max(0, at - leg.endedAt);
        leg.wrapped = true;
      }
      String reason = nz(f.get("reason"));
      if ("done".equals(reason)) {
        disposition = nz(f.get("disposition"));
        notes = nz(f.get("notes"));
      }
      Map<String, Object> step = step(at, "wrapup", a, null);
      step.put("reason", reason);
      step.put("disposition", nz(f.get("disposition")));
      step.put("notes", nz(f.get("notes")));
      step.put("wrapSeconds", seconds(leg == null ? 0 : leg.wrap));
    }

    /** The call ends (the first end counts; a later one, from a stray duplicate of another node, is ignored). */
    private void end(long at, String by, String unanswered) {
      if (endedAt == null) {
        endedAt = at;
        endedBy = by;
        unansweredEnd = unanswered;
        if (unanswered != null && answeredAt == null) {
          waitMs = Math.max(0, at - arrivedAt);
        }
      }
    }

    /** The last leg of agent a (any agent when null) whose offer is still open. */
    private Leg openOffer(String a) {
      for (int i = legs.size() - 1; i >= 0; i--) {
        Leg l = legs.get(i);
        if ("open".equals(l.outcome) && (a == null || l.agent.equals(a))) {
          return l;
        }
      }
      return null;
    }

    private void closeOffer(String a, String outcome) {
      Leg leg = openOffer(a);
      if (leg != null) {
        leg.outcome = outcome;
      }
    }

    private void withdrawOpenOffers(Leg except) {
      for (Leg l : legs) {
        if (l != except && "open".equals(l.outcome)) {
          l.outcome = "withdrawn";
        }
      }
    }

    /** The leg of agent a (any agent when null) that is talking now. */
    private Leg talking(String a) {
      for (int i = legs.size() - 1; i >= 0; i--) {
        Leg l = legs.get(i);
        if (l.talking() && (a == null || l.agent.equals(a))) {
          return l;
        }
      }
      return null;
    }

    private Map<String, Object> step(long at, String kind, String agent, String queue) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("at", Instant.ofEpochMilli(at).toString());
      step.put("kind", kind);
      step.put("agent", nz(agent));
      step.put("queue", nz(queue));
      timeline.add(step);
      return step;
    }

    Interaction result(String tenant, String callId) {
      String outcome = endedAt == null ? "open" : answeredAt != null ? "answered" : unansweredEnd;
      if (outcome == null) {
        outcome = "answered";  // ended (call.ended) with no answer on record: it was connected
      }
      long talk = 0;
      long hold = 0;
      long wrap = 0;
      List<Interaction.Leg> rows = new ArrayList<>(legs.size());
      for (Leg l : legs) {
        talk += l.talk();
        hold += l.hold;
        if (l.answeredAt != null) {
          wrap = l.wrap;
        }
        rows.add(new Interaction.Leg(l.seq, l.agent, l.queue, l.offeredAt, l.outcome, l.answeredAt, l.endedAt,
            l.talk(), l.hold, l.wrap, l.transferred));
      }
      return new Interaction(tenant, callId, caller, language, queue, finalQueue, priority, region, arrivedAt,
          answeredAt, agent, endedAt, outcome, endedBy, waitMs, talk, hold, holdCount, wrap, transfers, legs.size(),
          disposition, notes, json(timeline), rows, direction, callerId);
    }
  }

  /** The timeline as JSON; absent values (null) are left out of each step. */
  private static String json(List<Map<String, Object>> steps) {
    for (Map<String, Object> step : steps) {
      step.values().removeIf(java.util.Objects::isNull);
    }
    try {
      return JSON.writeValueAsString(steps);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialise", e);
    }
  }

  static double seconds(long ms) {
    return ms / 1000.0;
  }

  private static Integer integer(String s) {
    try {
      return s == null ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String nz(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
