package io.switchboard.call;

import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.switchboard.media.MediaNode;
import io.switchboard.media.MediaNode.CallMedia;
import io.switchboard.sip.SipRequest;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.dialog.DialogId;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transaction.ServerTransaction;
import io.vertx.core.Future;
import java.util.List;

/**
 * One inbound SIP call, confined to the SIP transport's event loop (no locks).
 *
 * <pre>
 *   SETUP --200 OK sent--> [IN_FLOW --the flow's queue node-->] WAITING --call.connected--> CONNECTED
 *     | \                    |  \   &lt;--call.transferred--   |
 *     |  \                   |   +--max wait / hours closed--> LEAVING (goodbye or closed prompt, then BYE)
 *     |   +--200 with our offer--> ACCEPTED --ACK with the answer--> WAITING
 *     +--CANCEL--+           |                  |        |        |
 *                v           v                  v        v        v
 *              ENDED &lt;-- BYE in / call.ended / failure / goodbye played / ACK without an answer / no ACK
 *
 *   IN_FLOW --voicemail node--> VOICEMAIL --#, silence, max length--> LEAVING ("goodbye", BYE)
 *   (arrival while closed, after-hours rule voicemail) --^   +--BYE in--> ENDED     ({@link Voicemails})
 *   IN_FLOW --transfer node, the number answers--> TRANSFERRED --BYE either side--> ENDED  ({@link FlowTransfers})
 * </pre>
 */
final class InboundCall {
  enum State {
    /** Routing and media set-up, before our final response. */
    SETUP,
    /** Late offer: our 200 carries our offer; the caller's answer is due in the ACK. */
    ACCEPTED,
    /** Answered, running its number's flow (prompts, menus): not in the ACD yet. */
    IN_FLOW,
    /** Answered, leaving a voicemail ({@link Voicemails}): not in the ACD until the message is kept. */
    VOICEMAIL,
    /** Answered and in the queue (or being enqueued), hearing music and announcements. */
    WAITING,
    /** Its flow connected it to a number through a trunk ({@link FlowTransfers}): never in the ACD. */
    TRANSFERRED,
    /** The ACD connected an agent. */
    CONNECTED,
    /**
     * The queue's maximum wait passed, or its business hours are closed (on arrival, or they closed while it
     * waited): the goodbye or closed prompt plays, then BYE.
     */
    LEAVING,
    /** Over; nothing runs for it any more. */
    ENDED
  }

  final String callId;          // the ACD's id (ours), not the SIP Call-ID
  final String sipCallId;
  final ServerTransaction invite;
  /** Its dialog's id, fixed by the INVITE (our To tag goes out on every response to it, §12.1.1). */
  final DialogId dialogId;
  /** The allowed sources of the trunk the INVITE came from (null until routed): in-dialog requests must too. */
  List<String> trunkSources;
  State state = State.SETUP;
  String queue;
  CallMedia media;
  /** Our offer for an INVITE without SDP, until the ACK's answer starts it as {@link #media}; else null. */
  MediaNode.PendingOffer lateOffer;
  Dialog dialog;
  /** The session timer asked for in the INVITE (RFC 4028), from before the 200; null when refused. */
  SessionTimerPolicy.UasOutcome timing;
  /** Re-INVITE, UPDATE, INFO and session refreshes, from the 200 on. */
  InDialog inDialog;
  /** Completes once the ACD holds the call (failed if it never will). */
  Future<Enqueued> enqueued;
  long positionTimer = -1;
  /** The connected agent (from call.connected), null before. */
  String agentId;
  /** ms the caller may wait before the goodbye (0: no limit); the timer of that, then of the goodbye prompt. */
  long maxWaitMs;
  /** Region the call entered (its trunk's, else this node's): the ACD prefers agents of this region. */
  String region;
  /** What this node asked the ACD to enqueue (null before): what reconciliation writes back if Redis lost it. */
  CallSpec spec;
  long maxWaitTimer = -1;
  /** 1-based position in the queue, 0 while unknown; written on the event loop, read by the pacer thread. */
  volatile int position;
  /** The media bridge to the agent's browser leg, from the 200 OK on; read by the media receive threads. */
  volatile Bridge bridge;
  /** Bumped per media.offer: an answer that completes after a newer offer was made is closed, not used. */
  long offerGeneration;
  /** The agent whose browser leg the bridge holds (may precede call.connected: offers come while reserved). */
  String legAgentId;
  /** The node holding the connected (or reserved) agent's socket, from its last offer or request; null before. */
  String agentNode;
  /**
   * The supervisors monitoring the connected call, in the order they joined; empty when none (call layer's context
   * only; see {@link CallMonitors}).
   */
  final java.util.List<CallMonitors.Watch> monitors = new java.util.ArrayList<>();
  /** The colleague its agent consults, null when none (see {@link CallConsults}; never with {@link #monitors}). */
  CallConsults.Consult consult;
  /** The connected queue's recording policy (all, on-demand, none), null until read after call.connected. */
  String recordingPolicy;
  /** The recording of the current agent's connection, null when none is going (see {@link CallRecordings}). */
  io.switchboard.recording.CallRecorder recorder;
  /** Its queue's after-hours rule as routed ({@code goodbye}, {@code voicemail}; null: goodbye). */
  String afterHours;
  /** Its queue's business hours as routed (null: always open); see {@link AfterHours}. */
  io.switchboard.directory.BusinessHours hours;
  /**
   * What the caller hears prompts in: the queue's language, the tenant's own recordings first (set with the route,
   * before any prompt plays; English until then).
   */
  volatile io.switchboard.media.audio.Prompts.Voice voice;
  /** Its number's flow while it runs (null: the number goes straight to a queue). */
  FlowRunner.Run flow;
  /** Epoch ms at which those hours next close (the engine's next change when it was answered); MAX: never. */
  long closesAt = Long.MAX_VALUE;
  /** The ACD is being told the queue closed on it (a tick must not ask twice). */
  boolean closing;
  /**
   * Its queue's callback offer (null: none, or not read yet; {@link CallbackOffers#load}); read by the pacer thread
   * for the announcement.
   */
  volatile CallbackOffers.Settings callback;
  /** The callback dialog while the caller asks for one (null: none); {@link CallbackOffers}. */
  CallbackDialog callbackDialog;
  /** Its flow's transfer to a number while it rings or talks ({@link FlowTransfers}), null otherwise. */
  FlowTransfers.Transfer transfer;
  /** The media joined to the transferred-to party (early media or the answer on); read by the media receive threads. */
  volatile TransferRelay transferRelay;
  /** The voicemail being left (state VOICEMAIL), null otherwise. */
  Voicemails.Take voicemail;
  /** Its flow ended in a callback node: the callback dialog starts as soon as it waits in the queue. */
  boolean offerCallback;
  /**
   * Its queue closed with the after-hours rule callback and the dialog runs for that: what happens when the caller
   * takes no callback (the goodbye rule: closed out, closed prompt, BYE); null otherwise. {@link AfterHours}.
   */
  Runnable afterHoursGiveUp;
  /** The callback dialog's timer (input timeout, prompt end), -1: none. */
  long callbackTimer = -1;
  /** The wait it is told, in seconds ({@code acd.WaitEstimate}); -1 while unknown. Read by the pacer thread. */
  volatile long estimateSeconds = -1;

  InboundCall(String callId, ServerTransaction invite) {
    this.callId = callId;
    this.sipCallId = invite.request().callId();
    this.invite = invite;
    this.dialogId = dialogId(invite);
  }

  /**
   * The agent side of a call the agent dialed ({@link OutboundDials}): the called party takes the caller's place in
   * the bridge, legs and hold; there is no INVITE of ours to answer, so {@link #invite} and {@link #dialogId} are null
   * and it is never in an {@link InboundCallRegistry}.
   */
  InboundCall(String callId, String sipCallId, String queue) {
    this.callId = callId;
    this.sipCallId = sipCallId;
    this.invite = null;
    this.dialogId = null;
    this.queue = queue;
  }

  /** The id of the dialog an INVITE server transaction creates: its Call-ID, our tag, the caller's From tag. */
  static DialogId dialogId(ServerTransaction invite) {
    SipRequest r = invite.request();
    return new DialogId(r.callId(), invite.localTag(), r.from().tag().orElse(""));
  }

  /** The caller's half of a dialog id (no local tag): what every copy of an initial INVITE carries. */
  static DialogId callerHalf(SipRequest r) {
    return new DialogId(r.callId(), "", r.from().tag().orElse(""));
  }

  /**
   * Whether an in-dialog request from {@code ip} came from the trunk the call came in on: its allowed sources once
   * the INVITE was routed, before that the INVITE's own source. A stranger who learned the tags must not end or
   * change the call.
   */
  boolean fromTrunk(String ip) {
    return trunkSources != null ? TrunkSources.allows(trunkSources, ip) : ip.equals(invite.source().host());
  }

  boolean ended() {
    return state == State.ENDED;
  }
}
