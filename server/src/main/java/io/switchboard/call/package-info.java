/**
 * Call control for inbound SIP trunk calls: {@link io.switchboard.call.InboundCalls} is the transaction user
 * of a node's SIP listener.
 *
 * <pre>
 *   caller ── INVITE ──► trunk source? (403) ─► number → queue? (404) ─► SDP answer (488/400)
 *          [◄── 180 Ringing, wait sip.answer-delay-ms; CANCEL meanwhile → 200 + 487, nothing enqueued]
 *          ◄── 200 OK + SDP ── music on hold + announcements ─► Acd.enqueue
 *   ACD Lua (accept / hangup) ── PUBLISH sb:node:&lt;call.node&gt; {tenant, callId, message} ──► NodeBus.listenCalls
 *          call.connected → music stops (silence until the bridge)      call.ended → BYE to the caller
 *   caller BYE → 200, Acd.callerHangup (abandoned while waiting)         CANCEL before 200 → 200 + 487
 *   queue maxWaitSeconds reached, no overflowQueue → Acd.callerHangup (counted abandoned), goodbye prompt
 *          ("all-agents-busy"), then BYE. With an overflowQueue the ACD's sweep moves the call instead.
 *   RFC 4733 digit ({@link io.switchboard.call.CallDtmf}) → XADD sb:{t}:events type=call.dtmf callId digit
 *          durationMs queue [agentId]; while connected also {"type":"call.dtmf",callId,digit} to the agent's node
 * </pre>
 *
 * <p>Limitations: one tenant per SIP listener ({@code sip.tenant}); estimated wait is position × 60 s;
 * no re-INVITE (491); a max-wait goodbye is counted as an ordinary abandon (the Acd interface has no reason for
 * it); the ACD scripts never end a call on their own (sweeps requeue or overflow, a dead agent node leaves
 * connected calls alone), so call.ended only comes from an agent's hangup. Calls the node places to trunks are
{@link io.switchboard.call.OutboundCalls}' (digest auth, failover, CANCEL, BYE); one transaction layer serves
both, routing requests of outbound dialogs to it ({@code OutboundCalls.routing}).
 */
package io.switchboard.call;
