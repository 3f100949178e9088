/**
 * Call control for inbound SIP trunk calls: {@link io.switchboard.call.InboundCalls} is the transaction user
 * of a node's SIP listener.
 *
 * <pre>
 *   caller ── INVITE ──► trunk source? (403) ─► number → queue? (404) ─► SDP answer (488/400)
 *          ◄── 200 OK + SDP ── music on hold + announcements ─► Acd.enqueue
 *   ACD Lua (accept / hangup) ── PUBLISH sb:node:&lt;call.node&gt; {tenant, callId, message} ──► NodeBus.listenCalls
 *          call.connected → music stops (silence until the bridge)      call.ended → BYE to the caller
 *   caller BYE → 200, Acd.callerHangup (abandoned while waiting)         CANCEL before 200 → 200 + 487
 * </pre>
 *
 * <p>Limitations: one tenant per SIP listener ({@code sip.tenant}); estimated wait is position × 60 s;
 * no re-INVITE (491), no max-wait overflow, no DTMF handling, no outbound leg yet.
 */
package io.switchboard.call;
