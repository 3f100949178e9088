/**
 * Call control for inbound SIP trunk calls: {@link io.switchboard.call.InboundCalls} is the transaction user
 * of a node's SIP listener.
 *
 * <pre>
 *   caller ── INVITE ──► trunk source? (403) ─► number → queue? (404) ─► SDP answer (488/400)
 *          [◄── 180 Ringing, wait sip.answer-delay-ms; CANCEL meanwhile → 200 + 487, nothing enqueued]
 *          ◄── 200 OK + SDP ── music on hold + announcements ─► Acd.enqueue
 *   ACD Lua (accept / hangup) ── PUBLISH sb:node:&lt;call.node&gt; {tenant, callId, message} ──► NodeBus.listenCalls
 *          (decoded by cluster.wire.BusCodec into a CallMessage record; {@link io.switchboard.call.CallMessages}
 *          dispatches on the record type)
 *          call.connected → music stops (silence until the agent's leg is up, then {@link io.switchboard.call.Bridge})
 *          call.transferred → the agent's leg closes, music + announcements, WAITING again     call.ended → BYE
 *   caller BYE → 200, Acd.callerHangup (abandoned while waiting)         CANCEL before 200 → 200 + 487
 *   queue maxWaitSeconds reached, no overflowQueue → Acd.callerHangup (counted abandoned), goodbye prompt
 *          ("all-agents-busy"), then BYE. With an overflowQueue the ACD's sweep moves the call instead.
 *   queue's businessHours closed ({@link io.switchboard.call.AfterHours}, the hours engine + an injected Clock):
 *          on answer → closed prompt, BYE, never enqueued (Acd.closed records call.closed atArrival);
 *          while waiting (checked every second against the engine's next change) → Acd.closed (out of the queue,
 *          outcome closed), closed prompt, BYE; with the after-hours rule voicemail, a message instead of the prompt;
 *          with the rule callback, the callback dialog first (still waiting): confirmed → a virtual call at its place,
 *          else closed out as with goodbye. {@link io.switchboard.call.QueueHoursWatch} tells the ACD which queues are
 *          closed (Acd.queueHours): their callbacks wait at their place, not offered, until the queue opens
 *   voicemail ({@link io.switchboard.call.Voicemails}; a flow's voicemail node, or after hours): greeting, beep, the
 *          caller's audio until #, hang-up, silence or the maximum length → Recordings.saveVoicemail (mono WAV) →
 *          Acd.voicemail (a virtual call in the queue, no node) → goodbye, BYE; too short: nothing kept
 *   announcements: position and the ACD's live wait estimate (Acd.waitEstimate → acd.WaitEstimate), rounded
 *   flow transfer node ({@link io.switchboard.call.FlowTransfers}): the number through the dial policy →
 *          OutboundCalls.originate (ringback meanwhile) → answered: caller ⇄ called party
 *          ({@link io.switchboard.call.TransferRelay}), BYE on one side → BYE on the other, Acd.flowEnded by transfer;
 *          busy / no answer / refused → the node's failed branch, or goodbye and BYE
 *   callback ({@link io.switchboard.call.CallbackOffers}): the queue's key while waiting → number confirmed (dial
 *          policy) → Acd.callbackRequested (a virtual call keeps the place, no node) → BYE; the node of the agent who
 *          accepts the offer dials the number ({@link io.switchboard.call.OutboundDials#callBack}) and bridges it
 *   predictive campaign call ({@link io.switchboard.call.PredictiveDials}): the pacer's node dials with no agent
 *          (CampaignCalls.dialing) → answered: music, CampaignCalls.answered (queued like an inbound caller here) →
 *          call.connected bridges the agent; still waiting after the grace time: CampaignCalls.abandon, the
 *          campaign-abandon prompt, BYE; unanswered → CampaignCalls.dialFailed
 *   RFC 4733 digit ({@link io.switchboard.call.CallDtmf}) → Acd.dtmf: the ACD appends the call.dtmf event and,
 *          while connected, publishes call.dtmf to the agent's node (call never touches Redis keys itself)
 *   media.offer (from the agent's node, call envelope) → ACD check → WebRtcEndpoint.answer → media.answer /
 *          media.failed to the agent's node (AgentMessage records through cluster.AgentMessenger); call.hold / call.resume → music on hold / relay again, call.held /
 *          call.resumed to the agent ({@link io.switchboard.call.AgentLegs})
 *   Bridge: caller RTP ⇄ agent's WebRtcLeg relayed on arrival, each direction one continuous stream
 *          (SSRC, sequence, timestamp; {@link io.switchboard.call.RtpRewriter}); PCMA transcoded; RFC 4733 mapped
 *   in the dialog ({@link io.switchboard.call.InDialog}, both legs): re-INVITE/UPDATE offers (hold → nothing sent,
 *          place kept; resume → music from the start; address/codec change), INFO DTMF → Acd.dtmf, session timers
 *          (RFC 4028: 422, refresh at half the interval, BYE when the peer's refresh never comes), glare 491
 *   INVITE without SDP → 200 with our offer, the ACK's answer starts the call ({@link io.switchboard.call.InboundDialogs})
 * </pre>
 *
 * <p>Limitations: one tenant per SIP listener ({@code sip.tenant}); a max-wait goodbye is counted as an ordinary abandon (the Acd interface has no reason for
 * it); the ACD scripts never end a call on their own (sweeps requeue or overflow, a dead agent node leaves
 * connected calls alone), so call.ended only comes from an agent's hangup. Calls the node places to trunks are
{@link io.switchboard.call.OutboundCalls}' (digest auth, failover, CANCEL, BYE); one transaction layer serves
both, routing requests of outbound dialogs to it ({@code OutboundCalls.routing}).
 */
package io.switchboard.call;
