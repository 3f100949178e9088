package io.switchboard.call;

import io.switchboard.acd.CallSpec;
import io.switchboard.acd.Enqueued;
import io.switchboard.media.MediaNode;
import io.switchboard.media.MediaNode.CallMedia;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.session.SessionTimerPolicy;
import io.switchboard.sip.transaction.ServerTransaction;
import io.vertx.core.Future;

/**
 * One inbound SIP call, confined to the SIP transport's event loop (no locks).
 *
 * <pre>
 *   SETUP --200 OK sent--> WAITING --call.connected--> CONNECTED
 *     | \                    |  \   &lt;--call.transferred--   |
 *     |  \                   |   +--max wait--> LEAVING (goodbye prompt, then BYE)
 *     |   +--200 with our offer--> ACCEPTED --ACK with the answer--> WAITING
 *     +--CANCEL--+           |                  |        |        |
 *                v           v                  v        v        v
 *              ENDED &lt;-- BYE in / call.ended / failure / goodbye played / ACK without an answer / no ACK
 * </pre>
 */
final class InboundCall {
  enum State {
    /** Routing and media set-up, before our final response. */
    SETUP,
    /** Late offer: our 200 carries our offer; the caller's answer is due in the ACK. */
    ACCEPTED,
    /** Answered and in the queue (or being enqueued), hearing music and announcements. */
    WAITING,
    /** The ACD connected an agent. */
    CONNECTED,
    /** The queue's maximum wait passed: the goodbye prompt plays, then BYE. */
    LEAVING,
    /** Over; nothing runs for it any more. */
    ENDED
  }

  final String callId;          // the ACD's id (ours), not the SIP Call-ID
  final String sipCallId;
  final ServerTransaction invite;
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

  InboundCall(String callId, ServerTransaction invite) {
    this.callId = callId;
    this.sipCallId = invite.request().callId();
    this.invite = invite;
  }

  boolean ended() {
    return state == State.ENDED;
  }
}
