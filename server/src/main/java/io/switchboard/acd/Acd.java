package io.switchboard.acd;

import io.switchboard.monitor.ConsultTarget;
import io.vertx.core.Future;
import java.util.List;

/**
 * The distributed queue: calls wait in Redis, agents' states live in Redis, and every change is one atomic
 * Lua script, so any number of nodes may call any method concurrently without routing a call twice or
 * double-booking an agent.
 *
 * <p>Offers and revocations reach agents by PUBLISH on the channel of the node holding the agent's socket
 * ({@link io.switchboard.redis.Keys#nodeChannel}), as {@code {"tenant":..,"agentId":..,"message":{..}}}
 * where {@code message} is an agent signaling message ({@code call.offered}, {@code call.revoked},
 * {@code agent.state}, ...; see docs/protocol.md): the records of {@code io.switchboard.cluster.wire}, whose codec
 * every node reads the bus with.
 *
 * <p>Threading: call on a Vert.x context; futures complete on that context. Failures are
 * {@link AcdException} with a machine-readable code.
 */
public interface Acd {

  /** Puts a call in its queue (at its priority, behind older calls of that priority) and tries to route it. */
  Future<Enqueued> enqueue(String tenant, CallSpec call);

  /**
   * Moves an agent to {@code target} (AVAILABLE, AWAY or OFFLINE) on behalf of the agent itself.
   * {@code nodeId} is the node holding its socket, where offers will be published. Going available
   * loads the agent's queues, skills, languages and region from the directory and tries to route a call to it.
   */
  Future<AgentStatus> setState(String tenant, String agentId, AgentState target, String reason, String nodeId);

  /** The agent answers the call reserved for it. */
  Future<Void> accept(String tenant, String agentId, String callId);

  /** The agent declines: the call goes back to its original place, the agent goes away with reason "rejected". */
  Future<Void> reject(String tenant, String agentId, String callId);

  /** The agent ends its connected call: the agent goes to wrap-up for the queue's wrap-up time. */
  Future<Void> hangup(String tenant, String agentId, String callId);

  /**
   * The caller leaves. Waiting or reserved: the call is abandoned (counted; a reserved agent is released and
   * told by {@code call.revoked}). Connected: the agent goes to wrap-up.
   */
  Future<Void> callerHangup(String tenant, String callId);

  /**
   * Blind transfer of the agent's CONNECTED call; exactly one of {@code targetQueue} / {@code targetAgent} is
   * non-null. To a queue: the call waits there again at its priority (counted offered in that queue) and is routed
   * as any waiting call; to an agent: the target must be available now (else {@code agent-unavailable}) and the
   * call is reserved for it at once ({@code call.offered} with the usual deadline). Either way the transferring
   * agent goes to wrap-up, and {@code call.transferred} is published to the call's node.
   */
  Future<Void> transfer(String tenant, String agentId, String callId, String targetQueue, String targetAgent);

  /** The agent finishes wrap-up with a disposition code and notes; it becomes available (or its requested state). */
  Future<Void> wrapUpDone(String tenant, String agentId, String callId, String disposition, String notes);

  /**
   * As {@link #wrapUpDone(String, String, String, String, String)}, with the time the agent picked to call a campaign
   * contact back ({@code callbackAtMs}, epoch ms; null: none): kept on the call for the campaign's pacer
   * (docs/campaigns.md, "Call-back times"). Refused ({@code invalid-field} callbackAt) for a call of no campaign.
   * An ACD that keeps no call-back times refuses every one.
   */
  default Future<Void> wrapUpDone(String tenant, String agentId, String callId, String disposition, String notes,
      Long callbackAtMs) {
    return callbackAtMs == null ? wrapUpDone(tenant, agentId, callId, disposition, notes)
        : Future.failedFuture(new AcdException("invalid-field", "callbackAt: call-back times are not supported here"));
  }

  /**
   * The agent's last socket on {@code nodeId} went away: an idle agent goes offline, a reserved one loses its
   * offer; a call in progress goes on, and the agent goes offline (not available) once it and the wrap-up are
   * over, unless a socket {@link #attach}es it first. Ignored when another node holds the agent by now.
   */
  Future<Void> disconnected(String tenant, String agentId, String nodeId);

  /**
   * A socket of the agent opened on {@code nodeId}: that node holds the agent from now on, in any state (offers,
   * call messages and state changes go there). Returns the agent's status for {@code hello}.
   */
  Future<AgentStatus> attach(String tenant, String agentId, String nodeId);

  /**
   * Node {@code deadNode} died: the tenant's calls whose SIP leg it held end now. Unanswered ones are lost (out of
   * the queue and every reservation, counted {@code lost}); connected ones end and their agents go to wrap-up
   * with a {@code call.ended} notice (reason {@code lost}). Idempotent.
   */
  Future<NodeLoss> nodeLost(String tenant, String deadNode);

  /** How many calls {@link #nodeLost} ended: unanswered ({@code lost}) and connected ({@code ended}). */
  record NodeLoss(int lost, int ended) {}

  /**
   * Makes Redis agree with node {@code nodeId}, the source of truth for the calls whose SIP legs it holds
   * ({@code calls}): after a Redis failover (asynchronous replication may have lost the last writes) or after the
   * node was declared dead while only paused. Calls Redis lacks are written again at their original place (or
   * as connected to their agent), a lost accept is re-applied, calls Redis places on the node that the node does
   * not hold end, and the calls the ACD has ended are returned for the node to hang up.
   */
  Future<Reconciled> reconcile(String tenant, String nodeId, List<HeldCall> calls);

  /**
   * A call as its node holds it. {@code score} and {@code enqueuedAtMs} are its place from {@link Enqueued};
   * {@code agentId} is set when {@code connected}; {@code pending}: a request of the node about it may still be on
   * its way (enqueue, goodbye), so it is neither restored nor dropped this time.
   */
  record HeldCall(String callId, String queue, String score, long enqueuedAtMs, String caller, String callerName,
      String region, boolean connected, String agentId, boolean pending) {}

  /** What {@link #reconcile} did; {@code hangUp}: calls the node holds that the ACD has ended. */
  record Reconciled(int restored, int fixed, int dropped, List<String> hangUp) {}

  /** The recording event types {@link #recordingEvent} appends. */
  java.util.Set<String> RECORDING_EVENTS = java.util.Set.of("recording.started", "recording.paused",
      "recording.resumed", "recording.stopped", "recording.failed");

  /**
   * A recording of {@code callId} changed ({@code type}: one of {@link #RECORDING_EVENTS}), by the call's node: the
   * event is appended to the tenant's stream (the interaction's timeline); nothing else changes.
   *
   * @param queue the call's queue, or null
   */
  Future<Void> recordingEvent(String tenant, String type, String callId, String agentId, String queue,
      String recordingId);

  /** The supervision event types {@link #monitorEvent} appends. */
  java.util.Set<String> MONITOR_EVENTS = java.util.Set.of("monitor.started", "monitor.changed", "monitor.ended");

  /**
   * A supervisor started, changed or ended monitoring {@code callId} ({@code type}: one of {@link #MONITOR_EVENTS};
   * {@code mode}: listen, whisper or barge), by the call's node: the event is appended to the tenant's stream (the
   * interaction's timeline); nothing else changes.
   *
   * @param queue the call's queue, or null
   */
  Future<Void> monitorEvent(String tenant, String type, String callId, String agentId, String queue,
      String supervisorId, String mode);

  /**
   * The colleague {@code target} names (an available agent of the tenant, not {@code agentId}; the agent's team
   * leader; a queue's longest idle agent — the last two connected to the calling node) is held for a consult on
   * {@code agentId}'s connected call {@code callId}: out of the idle sets, so no queue call is offered to it. The
   * future holds the colleague's id. Refused with {@code not-your-call}, {@code invalid-argument},
   * {@code not-an-agent}, {@code agent-unavailable}, {@code no-team-leader}, {@code unknown-queue}.
   */
  default Future<String> reserveConsult(String tenant, String agentId, String callId, ConsultTarget target) {
    return Future.failedFuture(new UnsupportedOperationException("reserveConsult"));
  }

  /** The consult is over: {@code colleagueId} is idle again when still held for {@code callId} (otherwise nothing). */
  default Future<Void> releaseConsult(String tenant, String agentId, String callId, String colleagueId) {
    return Future.failedFuture(new UnsupportedOperationException("releaseConsult"));
  }

  /**
   * {@code colleagueId} declined the consult on {@code callId} it was offered: released as by {@link #releaseConsult},
   * and, when it was still reserved for that call, {@code call.consult.declined} is recorded (agentId the consulting
   * agent, to the colleague, reason its words). Nothing when it was not reserved for the call any more.
   *
   * @param reason the colleague's words, or null
   */
  default Future<Void> declineConsult(String tenant, String agentId, String callId, String colleagueId,
      String reason) {
    return Future.failedFuture(new UnsupportedOperationException("declineConsult"));
  }

  /**
   * {@code colleagueId}, reserved for a consult on {@code agentId}'s connected call {@code callId}, becomes the call's
   * agent (on-call) and {@code agentId} goes to wrap-up; {@code call.transferred} (kind {@code warm}: a warm
   * transfer, or {@code conference}: the agent left a conference) and {@code call.accepted} are recorded. Refused
   * with {@code not-your-call}, {@code invalid-transition}, {@code agent-unavailable} (the colleague is not reserved
   * for this call).
   */
  default Future<Void> completeConsult(String tenant, String agentId, String callId, String colleagueId,
      String kind) {
    return Future.failedFuture(new UnsupportedOperationException("completeConsult"));
  }

  /** Records the connected call's hold (by the call's node) or the agent's mute, for {@code hello}. */
  Future<Void> setCallFlag(String tenant, String agentId, String callId, CallFlag flag, boolean on);

  /** What {@link #setCallFlag} records on a connected call. */
  enum CallFlag {
    HELD, MUTED;

    String wire() {
      return this == HELD ? "held" : "muted";
    }
  }

  /**
   * The caller of {@code callId} pressed {@code digit} (held {@code durationMs}): recorded as a {@code call.dtmf}
   * event and, when {@code agentId} (the connected agent, or null) is given, sent to the node holding its socket as
   * {@code call.dtmf}. Never refused for the call's state: the SIP node saw the digit.
   */
  Future<Void> dtmf(String tenant, String callId, String queue, String agentId, char digit, long durationMs);

  /** 1-based place of {@code callId} among the calls waiting in {@code queue}; 0 when it is not waiting there. */
  Future<Integer> queuePosition(String tenant, String queue, String callId);

  /**
   * What {@code callId}'s wait estimate is computed from now: its place in {@code queue}, the agents staffed for the
   * queue and the queue's recent handle time ({@link WaitEstimate}). The default, for ACDs that keep no staffing or
   * handle times, counts one agent and {@link AcdOptions#DEFAULT_HANDLE_SECONDS}.
   */
  default Future<WaitEstimate> waitEstimate(String tenant, String queue, String callId) {
    return queuePosition(tenant, queue, callId)
        .map(p -> new WaitEstimate(p, 1, AcdOptions.DEFAULT_HANDLE_SECONDS * 1000L));
  }

  /**
   * The queue's business hours are closed for {@code call} (its node's decision, by the hours engine): a call the
   * ACD does not hold (turned away on arrival) is only recorded ({@code call.closed}, {@code atArrival}); a waiting or
   * reserved one leaves the queue with state {@code closed} (a reserved agent's offer is revoked, reason
   * {@code closed}). Completes with true when the call was closed, false when it is connected or over already (then
   * it is left alone).
   */
  default Future<Boolean> closed(String tenant, CallSpec call) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not apply business hours"));
  }

  /**
   * Tells the ACD whether {@code queue}'s business hours are open now (a node's decision, by the hours engine and its
   * clock; every node tells it, repeatedly). While a queue is closed its callbacks keep their place but are not
   * offered to agents, so none is dialed (one offered when it closes is revoked, reason {@code closed}); when it opens
   * they are routed at once. Completes with true when the ACD's view changed.
   */
  default Future<Boolean> queueHours(String tenant, String queue, boolean open) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not apply business hours"));
  }

  /**
   * {@code call} ended in its number's flow, before any queue ({@code by}: {@code flow} for a hang-up node,
   * {@code caller} when the caller hung up, {@code failure}): the ACD never held it and only records it
   * ({@code call.flow-ended}, with the flow path), so it has an interaction like every call.
   */
  default Future<Void> flowEnded(String tenant, CallSpec call, String by) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not record flows"));
  }

  /**
   * As {@link #flowEnded(String, CallSpec, String)} for a call its flow transferred to a number ({@code by}
   * {@code transfer}) once the transferred call is over: {@code call.flow-ended} also carries the transfer.
   * {@code transfer} null: the plain form.
   */
  default Future<Void> flowEnded(String tenant, CallSpec call, String by, FlowTransfer transfer) {
    return transfer == null ? flowEnded(tenant, call, by)
        : Future.failedFuture(new AcdException("unsupported", "this ACD does not record flows' transfers"));
  }

  /**
   * A flow's transfer that was answered: the number (E.164) and trunk called, how long the two parties talked (ms,
   * answer to end) and who hung up ({@code caller} or {@code called}).
   */
  record FlowTransfer(String number, String trunk, long talkMs, String hungUpBy) {}

  /**
   * Agent {@code agentId} dials out: atomically, it must be available or away (else {@code invalid-transition}; an
   * offer that raced in: {@code agent-busy}) and goes on-call with {@code callId}, recorded connected to it with
   * direction outbound (hang-up, hold, mute and media offers work as on inbound calls) and this node as the call's
   * node; event {@code call.dialed}. No queue counts it.
   */
  default Future<Void> dial(String tenant, String agentId, String callId, Dial dial) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not place outbound calls"));
  }

  /**
   * An outbound call to place.
   *
   * @param number E.164
   * @param callerId E.164
   * @param queue the queue it is made for (its wrap-up time), or null
   */
  record Dial(String number, String callerId, String queue, String trunk) {}

  /** The called party of outbound {@code callId} answered: talk time runs from now ({@code call.dial.answered}). */
  default Future<Void> dialAnswered(String tenant, String callId) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not place outbound calls"));
  }

  /**
   * Outbound {@code callId} ended unanswered with {@code outcome} (busy, no-answer, invalid-number, rejected,
   * trunk-failure): the agent goes back to the state it dialed from ({@code call.dial.failed}). Nothing happens when
   * the call is over already.
   */
  default Future<Void> dialFailed(String tenant, String callId, String outcome) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not place outbound calls"));
  }

  /**
   * As {@link #dialFailed(String, String, String)}; {@code refused}: the dial planner's code when a campaign call's
   * number was refused before anything was sent (kept on the call for its pacer's not-dialed reasons), or null.
   */
  default Future<Void> dialFailed(String tenant, String callId, String outcome, String refused) {
    return dialFailed(tenant, callId, outcome);
  }

  /**
   * The waiting caller of {@code callId} confirmed a callback to {@code number} (E.164, passed the tenant's dial
   * policy): the call becomes a virtual call that keeps its place and belongs to no node ({@code call.callback-requested};
   * docs/callbacks.md). Its offers carry the number; the accepting agent's node dials it, up to {@code attempts} times
   * in all, back at its place {@code retryDelayMs} after each failed attempt. Completes with false, changing nothing,
   * when an agent was reserved for (or connected to) the call meanwhile: the caller must then stay on the line.
   */
  default Future<Boolean> callbackRequested(String tenant, String callId, String number, int attempts,
      long retryDelayMs) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not keep callbacks"));
  }

  /**
   * The caller of {@code call} left a voicemail in {@code call.queue()}, stored as recording {@code recordingId},
   * {@code durationMs} long (docs/voicemail.md): it becomes a virtual call that belongs to no node and is routed like
   * any call ({@code call.voicemail}); its offers carry the recording. A call the ACD does not hold is new (at the
   * back of its priority); one its queue closed on ({@link #closed}) keeps its place. {@code afterHours}: the queue's
   * after-hours rule sent the caller there. Accepting it connects nobody: the agent plays the message.
   */
  default Future<Void> voicemail(String tenant, CallSpec call, String recordingId, long durationMs,
      boolean afterHours) {
    return Future.failedFuture(new AcdException("unsupported", "this ACD does not keep voicemails"));
  }

  Future<AgentStatus> agent(String tenant, String agentId);

  Future<CallStatus> call(String tenant, String callId);

  /** Live numbers for wallboards, one Redis round trip. */
  Future<TenantStats> stats(String tenant);

  /** Expires reservations and wrap-ups whose deadline has passed; returns how many were handled. */
  Future<Integer> sweep(String tenant);
}
