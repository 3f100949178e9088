/**
 * SIP transactions (RFC 3261 §17, with RFC 6026's Accepted states) between a transport and the
 * transaction user (TU, the call-control layer).
 *
 * <pre>
 *   TU ── layer.send(request, dest) ──► ClientTransaction ── response(): Future (final, or 408/503)
 *    ▲                                      └ onProvisional(1xx)
 *    ├── onRequest(ServerTransaction) ◄── new request   ── tx.respond(status | response)
 *    ├── onCancel(cancelTx, inviteTx) ◄── CANCEL (§9.2); none matching: 481 by the layer
 *    ├── onAck(ack) ◄── ACK for a 2xx (new branch; matched to the INVITE by Call-ID, CSeq, tags)
 *    ├── onStrayResponse(r) ◄── unmatched responses, retransmitted 2xx (re-send the ACK)
 *    └── onServerTimeout(tx) ◄── no ACK within 64*T1 (Timer H / L): for a 2xx, send BYE
 * </pre>
 *
 * <p>Timers come from {@link io.switchboard.sip.transaction.Timers} (Vert.x in production, a manual
 * clock in tests), so every timer path is unit-tested without waiting. Everything runs on the
 * transport's event loop: call {@code send}, {@code sendAck} and {@code respond} there.
 *
 * <p>Decisions:
 * <ul>
 *   <li>100 Trying after {@code sip.trying-delay} (200 ms, §17.2.1) unless the TU answers first: a TU
 *       that answers at once (the normal case here) saves a message; 0 sends it immediately.
 *   <li>The 2xx to an INVITE is retransmitted (T1 doubling to T2, UDP only) by the server transaction
 *       in its Accepted state until the ACK arrives: §13.3.1.4 gives this to the UAS core, but the
 *       transaction already has the timers and the ACK matching.
 *   <li>Timer D is 64*T1 (32 s by default, the RFC's "at least 32 s") so tests can scale it.
 *   <li>A non-INVITE the TU never answers is dropped after 64*T1 (the client gave up at Timer F); an
 *       unanswered INVITE stays until the TU answers (call control must, e.g. on its own timeout).
 *       An INVITE client transaction in Proceeding has no timeout either (§17.1.1.2): the TU CANCELs.
 *   <li>RFC 2543 matching (no magic cookie) uses Request-URI, From tag, Call-ID, CSeq number, top Via
 *       and method (ACK as INVITE), without the To tag (see TransactionKeys).
 *   <li>Tags, branches and Call-IDs come from SecureRandom ({@link io.switchboard.sip.transaction.SipIds}).
 * </ul>
 */
package io.switchboard.sip.transaction;
